// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The two defects the hostile-header properties found, each pinned by one case. */
class HostileHeaderRegressionTest {

    @Test
    void anHttpDateReadOnAClockWithSubMillisecondPrecisionIsNotShortened() {
        OffsetDateTime now = OffsetDateTime.of(2026, 6, 16, 5, 4, 0, 210_652_552, ZoneOffset.UTC);

        Duration delay = RetryAfterHeaders.parseRetryAfter("Tue, 16 Jun 2026 05:04:10 GMT", now).orElseThrow();

        Duration exact = Duration.ofSeconds(9, 789_347_448);
        assertThat(delay).isGreaterThanOrEqualTo(exact).isEqualTo(Duration.ofMillis(9_790));
    }

    @Test
    void jitterNeverPadsAServerDelayPastMaxRetryAfter() {
        Duration maxRetryAfter = Duration.ofMillis(4_598);
        RetryLimits limits = new RetryLimits(9, Duration.ofMillis(1_774), Duration.ofMillis(2_719), maxRetryAfter,
            Duration.ofMinutes(1));
        Instant start = Instant.parse("2026-06-15T15:07:47Z");
        HeaderLookup headers = MapHeaders.of("retry-after-ms", "4510");

        RetryDecision decision = new RetryDecider(limits, () -> 0.99)
            .onResponse(429, headers, null, 1, start, start);

        assertThat(decision.shouldRetry()).isTrue();
        assertThat(decision.delay()).isGreaterThanOrEqualTo(Duration.ofMillis(4_510)).isEqualTo(maxRetryAfter);
    }
}
