// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryLimitsTest {
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private static final RetryLimits LIMITS = new RetryLimits(3, Duration.ofMillis(500), Duration.ofSeconds(8),
        Duration.ofSeconds(60), Duration.ofSeconds(30));

    @Test
    void theDeadlineIsTheStartPlusTheTimeout() {
        assertThat(LIMITS.deadline(START)).isEqualTo(Instant.parse("2026-01-01T12:00:30Z"));
    }

    @Test
    void theRemainingBudgetRunsDownToTheDeadlineAndBelow() {
        assertThat(LIMITS.remaining(START, START)).isEqualTo(Duration.ofSeconds(30));
        assertThat(LIMITS.remaining(START, START.plusSeconds(12))).isEqualTo(Duration.ofSeconds(18));
        assertThat(LIMITS.remaining(START, START.plusSeconds(31))).isEqualTo(Duration.ofSeconds(-1));
    }

    @Test
    void aClockThatWentBackCountsAsNoTimeElapsed() {
        assertThat(LIMITS.remaining(START, START.minusSeconds(5))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyDurationIsClampedBetweenZeroAndTheLongest() {
        Duration tooLong = RetryLimits.LONGEST.plusMillis(1);
        RetryLimits clamped = new RetryLimits(1, Duration.ofMillis(-1), tooLong, Duration.ofSeconds(-5), tooLong);

        assertThat(clamped.baseDelay()).isZero();
        assertThat(clamped.maxDelay()).isEqualTo(RetryLimits.LONGEST);
        assertThat(clamped.maxRetryAfter()).isZero();
        assertThat(clamped.timeout()).isEqualTo(RetryLimits.LONGEST);
        assertThat(new RetryLimits(1, Duration.ZERO, RetryLimits.LONGEST, Duration.ZERO, RetryLimits.LONGEST))
            .isEqualTo(clamped);
    }
}
