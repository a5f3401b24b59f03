// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffAndJitterTest {
    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(8);

    @ParameterizedTest
    @CsvSource({"1, 500", "2, 1000", "3, 2000", "4, 4000", "5, 8000", "6, 8000", "100, 8000", "2147483647, 8000"})
    void doublesFromTheBaseUpToTheCap(int retry, long expectedMillis) {
        assertThat(Backoff.delay(retry, BASE, MAX, 1.0)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest
    @CsvSource({"1, 400", "2, 800", "5, 6400"})
    void jitterShortensToAtLeastEightyPercent(int retry, long expectedMillis) {
        assertThat(Backoff.delay(retry, BASE, MAX, 0.0)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void jitterFactorIsSpreadBetweenItsBounds() {
        assertThat(Backoff.delay(1, BASE, MAX, 0.5)).isEqualTo(Duration.ofMillis(450));
    }

    @Test
    void hugeOptionsDoNotOverflow() {
        Duration huge = RetryLimits.LONGEST;
        assertThat(Backoff.delay(80, huge, huge, 1.0)).isEqualTo(huge);
    }

    @ParameterizedTest
    @CsvSource({"0, 0.99, 0", "1000, 0.0, 1000", "1000, 0.5, 1050", "1000, 0.999, 1099", "10000, 1.0, 10250",
        "60000, 0.5, 60125"})
    void serverDelayIsPaddedByAtMostTenPercentOrQuarterSecond(long requested, double random, long expected) {
        assertThat(Jitter.pad(Duration.ofMillis(requested), random)).isEqualTo(Duration.ofMillis(expected));
    }
}
