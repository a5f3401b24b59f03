// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaders;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import static io.github.openaipolicies.implementation.RetryAfterHeadersTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link RetryDecider} and {@link RetryAfterHeaders} over many generated inputs. Each repetition draws
 * its inputs from a {@link Random} seeded with the repetition number, so a failure names a reproducible case.
 */
class RetryDeciderPropertiesTest {
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private static final String NUMBERISH = "0123456789.-+eE ,";

    @RepeatedTest(300)
    void aServerDelayIsNeverShortenedAndStaysWithinItsLimits(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        long millis = between(random, 0, 200_000);
        int attempt = (int) between(random, 1, 12);
        long elapsed = between(random, 0, 200_000);
        double jitter = random.nextDouble();
        RetryLimits limits = limits(random);

        RetryDecision decision = new RetryDecider(limits, () -> jitter).onResponse(429,
            headers("retry-after-ms", Long.toString(millis)), null, attempt, START, START.plusMillis(elapsed));

        Duration requested = Duration.ofMillis(millis);
        Duration remaining = limits.timeout().minusMillis(elapsed);
        if (decision.shouldRetry()) {
            assertThat(decision.delay()).isGreaterThanOrEqualTo(requested)
                .isLessThanOrEqualTo(requested.plus(Jitter.MAX_PADDING))
                .isLessThanOrEqualTo(remaining);
            assertThat(requested).isLessThanOrEqualTo(limits.maxRetryAfter());
        } else {
            assertThat(attempt > limits.maxRetries() || requested.compareTo(limits.maxRetryAfter()) > 0
                || requested.compareTo(remaining) > 0).as("stopped without a reason: %s", decision).isTrue();
        }
    }

    @RepeatedTest(300)
    void aBackoffDelayNeverExceedsMaxDelayNorTheRemainingBudget(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        int attempt = (int) between(random, 1, 40);
        long elapsed = between(random, 0, 200_000);
        double jitter = random.nextDouble();
        RetryLimits limits = limits(random);

        RetryDecision decision = new RetryDecider(limits, () -> jitter).onResponse(503, new HttpHeaders(), null,
            attempt, START, START.plusMillis(elapsed));

        if (decision.shouldRetry()) {
            assertThat(decision.delay()).isLessThanOrEqualTo(limits.maxDelay())
                .isLessThanOrEqualTo(limits.timeout().minusMillis(elapsed))
                .isGreaterThanOrEqualTo(Duration.ZERO);
        }
    }

    @RepeatedTest(300)
    void anyRetryAfterValueParsesWithoutThrowingToNothingOrAPlausibleDelay(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        String value = headerValue(random);
        OffsetDateTime now = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

        RetryAfterHeaders.parseRetryAfter(value, now)
            .ifPresent(delay -> assertThat(delay).as(value).isBetween(Duration.ZERO, RetryAfterHeaders.LONGEST_PLAUSIBLE));
        RetryAfterHeaders.parseMillis(value)
            .ifPresent(delay -> assertThat(delay).as(value).isBetween(Duration.ZERO, RetryAfterHeaders.LONGEST_PLAUSIBLE));
    }

    private static String headerValue(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return randomString(random, null, 40);
            case 1:
                return randomString(random, NUMBERISH, 40);
            case 2:
                return Long.toString(random.nextLong());
            default:
                return Double.toString(random.nextBoolean()
                    ? random.nextDouble() * Math.pow(10, random.nextInt(30)) * (random.nextBoolean() ? 1 : -1)
                    : Double.longBitsToDouble(random.nextLong()));
        }
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet == null ? (char) random.nextInt(0x3000) : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static RetryLimits limits(Random random) {
        int retries = (int) between(random, 0, 12);
        long base = between(random, 1, 5_000);
        long max = between(random, base, 60_000);
        long maxRetryAfter = between(random, 0, 120_000);
        long timeout = between(random, 1, 300_000);
        return new RetryLimits(retries, Duration.ofMillis(base), Duration.ofMillis(max), Duration.ofMillis(maxRetryAfter),
            Duration.ofMillis(timeout));
    }

    private static long between(Random random, long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }
}
