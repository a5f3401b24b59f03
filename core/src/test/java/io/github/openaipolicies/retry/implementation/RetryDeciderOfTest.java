// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A decider built from {@link RetryAfterOptions} in one line, as an adapter builds it. */
class RetryDeciderOfTest {
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void theLimitsCarryEveryOption() {
        RetryAfterOptions options = new RetryAfterOptions().setMaxRetries(4).setBaseDelay(Duration.ofMillis(300))
            .setMaxDelay(Duration.ofSeconds(3)).setMaxRetryAfter(Duration.ofSeconds(20))
            .setTimeout(Duration.ofSeconds(40));

        assertThat(RetryDecider.of(options, () -> 0.5).limits()).isEqualTo(new RetryLimits(4,
            Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofSeconds(40)));
    }

    @Test
    void theOptionsAreReadOnce() {
        RetryAfterOptions options = new RetryAfterOptions().setMaxRetries(2);
        RetryLimits limits = RetryLimits.of(options);
        options.setMaxRetries(7).setTimeout(Duration.ofSeconds(5));

        assertThat(limits.maxRetries()).isEqualTo(2);
        assertThat(limits.timeout()).isEqualTo(RetryAfterOptions.DEFAULT_TIMEOUT);
    }

    @Test
    void baseDelayAboveMaxDelayIsRejectedWhateverTheSetterOrder() {
        // Base first, above the default maximum of 8 s, then the maximum: valid once both are set.
        RetryAfterOptions options = new RetryAfterOptions().setBaseDelay(Duration.ofSeconds(10))
            .setMaxDelay(Duration.ofSeconds(20));
        assertThat(firstBackoffMillis(options)).isEqualTo(8_000L);

        options.setMaxDelay(Duration.ofSeconds(5));
        assertThatThrownBy(() -> RetryDecider.of(options, () -> 0.0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("'baseDelay' (PT10S) must not exceed 'maxDelay' (PT5S).");

        // The other order: maximum below the default base first, then the base.
        RetryAfterOptions reversed = new RetryAfterOptions().setMaxDelay(Duration.ofMillis(300))
            .setBaseDelay(Duration.ofMillis(200));
        assertThat(firstBackoffMillis(reversed)).isEqualTo(160L);
    }

    @Test
    void aBaseDelayEqualToTheMaxDelayIsAllowed() {
        RetryAfterOptions options = new RetryAfterOptions().setBaseDelay(Duration.ofSeconds(2))
            .setMaxDelay(Duration.ofSeconds(2));
        assertThat(RetryLimits.of(options).baseDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void nullOptionsAreRejectedNamingThem() {
        assertThatThrownBy(() -> RetryDecider.of(null, () -> 0.0)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'options'");
    }

    @Test
    void theRandomSourcePicksTheJitter() {
        RetryAfterOptions options = new RetryAfterOptions();
        Duration low = RetryDecider.of(options, () -> 0.0)
            .onResponse(503, HeaderLookup.NONE, null, 1, START, START).delay();
        Duration high = RetryDecider.of(options, () -> 0.999)
            .onResponse(503, HeaderLookup.NONE, null, 1, START, START).delay();

        assertThat(low).isEqualTo(Duration.ofMillis(400));
        assertThat(high).isEqualTo(Duration.ofMillis(500));
    }

    /** The wait before the first retry of a 503 without a server delay, jitter factor 0.8. */
    private static long firstBackoffMillis(RetryAfterOptions options) {
        return RetryDecider.of(options, () -> 0.0).onResponse(503, HeaderLookup.NONE, null, 1, START, START)
            .delay().toMillis();
    }
}
