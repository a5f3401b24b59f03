// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.github.openaipolicies.implementation.RetryAfterHeadersTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

class RetryDeciderPropertiesTest {
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

    @Property(tries = 300)
    void aServerDelayIsNeverShortenedAndStaysWithinItsLimits(@ForAll @LongRange(min = 0, max = 200_000) long millis,
        @ForAll @IntRange(min = 1, max = 12) int attempt, @ForAll @LongRange(min = 0, max = 200_000) long elapsed,
        @ForAll @DoubleRange(min = 0, max = 1) double random, @ForAll("limits") RetryLimits limits) {
        RetryDecider decider = new RetryDecider(limits, () -> random);
        RetryDecision decision = decider.onResponse(429, headers("retry-after-ms", Long.toString(millis)), null,
            attempt, START, START.plusMillis(elapsed));
        Duration requested = Duration.ofMillis(millis);
        Duration remaining = limits.timeout().minusMillis(elapsed);
        if (decision.shouldRetry()) {
            assertThat(decision.delay()).isGreaterThanOrEqualTo(requested)
                .isLessThanOrEqualTo(requested.plus(Jitter.MAX_PADDING))
                .isLessThanOrEqualTo(remaining);
            assertThat(requested).isLessThanOrEqualTo(limits.maxRetryAfter());
        } else {
            assertThat(attempt > limits.maxRetries() || requested.compareTo(limits.maxRetryAfter()) > 0
                || requested.compareTo(remaining) > 0).isTrue();
        }
    }

    @Property(tries = 300)
    void aBackoffDelayNeverExceedsMaxDelayNorTheRemainingBudget(@ForAll @IntRange(min = 1, max = 40) int attempt,
        @ForAll @LongRange(min = 0, max = 200_000) long elapsed, @ForAll @DoubleRange(min = 0, max = 1) double random,
        @ForAll("limits") RetryLimits limits) {
        RetryDecider decider = new RetryDecider(limits, () -> random);
        RetryDecision decision = decider.onResponse(503, new HttpHeaders(), null, attempt, START,
            START.plusMillis(elapsed));
        if (decision.shouldRetry()) {
            assertThat(decision.delay()).isLessThanOrEqualTo(limits.maxDelay())
                .isLessThanOrEqualTo(limits.timeout().minusMillis(elapsed))
                .isGreaterThanOrEqualTo(Duration.ZERO);
        }
    }

    @Property(tries = 300)
    void anyRetryAfterValueParsesWithoutThrowingToNothingOrAPlausibleDelay(@ForAll("headerValues") String value) {
        OffsetDateTime now = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        RetryAfterHeaders.parseRetryAfter(value, now)
            .ifPresent(delay -> assertThat(delay).isBetween(Duration.ZERO, RetryAfterHeaders.LONGEST_PLAUSIBLE));
        RetryAfterHeaders.parseMillis(value)
            .ifPresent(delay -> assertThat(delay).isBetween(Duration.ZERO, RetryAfterHeaders.LONGEST_PLAUSIBLE));
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(Arbitraries.strings(),
            Arbitraries.strings().withChars("0123456789.-+eE ,").ofMaxLength(40),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf));
    }

    @Provide
    Arbitrary<RetryLimits> limits() {
        return Arbitraries.integers().between(0, 12).flatMap(retries ->
            Arbitraries.longs().between(1, 5_000).flatMap(base ->
                Arbitraries.longs().between(base, 60_000).flatMap(max ->
                    Arbitraries.longs().between(0, 120_000).flatMap(maxRetryAfter ->
                        Arbitraries.longs().between(1, 300_000).map(timeout ->
                            new RetryLimits(retries, Duration.ofMillis(base), Duration.ofMillis(max),
                                Duration.ofMillis(maxRetryAfter), Duration.ofMillis(timeout)))))));
    }
}
