// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

import static io.github.openaipolicies.retry.implementation.RetryAfterHeadersTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

class RetryDeciderTest {
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private static final RetryLimits DEFAULTS = new RetryLimits(10, Duration.ofMillis(500), Duration.ofSeconds(8),
        Duration.ofSeconds(60), Duration.ofMinutes(3));

    private final RetryDecider decider = new RetryDecider(DEFAULTS, () -> 0.0);

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void retriesTransientStatuses(int status) {
        RetryDecision decision = decider.onResponse(status, HeaderLookup.NONE, null, 1, START, START);
        assertThat(decision.shouldRetry()).isTrue();
        assertThat(decision.reason()).isEqualTo(RetryReason.RETRYABLE_STATUS);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 501, 505})
    void doesNotRetryOtherStatuses(int status) {
        RetryDecision decision = decider.onResponse(status, HeaderLookup.NONE, null, 1, START, START);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.NOT_RETRYABLE_STATUS);
    }

    @Test
    void readsTheHeadersOfAnErrorAnswerOnly() {
        assertThat(RetryDecider.readsHeaders(399)).isFalse();
        assertThat(RetryDecider.readsHeaders(200)).isFalse();
        assertThat(RetryDecider.readsHeaders(400)).isTrue();
        assertThat(RetryDecider.readsHeaders(429)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 200, 204, 304, 399})
    void decidesAnAnswerWhoseHeadersItDoesNotReadWithoutReadingThem(int status) {
        // What lets an adapter pass HeaderLookup.NONE for such an answer: no header is looked at, for any attempt.
        HeaderLookup unreadable = name -> {
            throw new AssertionError("read " + name + " of a " + status);
        };
        assertThat(RetryDecider.readsHeaders(status)).isFalse();
        assertThat(decider.needsErrorCode(status, unreadable, 1)).isFalse();
        assertThat(decider.onResponse(status, unreadable, null, 11, START, START).reason())
            .isEqualTo(RetryReason.NOT_RETRYABLE_STATUS);
    }

    @Test
    void xShouldRetryTrueRetriesEvenA400() {
        RetryDecision decision = decider.onResponse(400, headers("x-should-retry", "true"), null, 1, START, START);
        assertThat(decision.shouldRetry()).isTrue();
        assertThat(decision.reason()).isEqualTo(RetryReason.SERVER_REQUESTED_RETRY);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 304})
    void xShouldRetryTrueNeverRetriesASuccessOrRedirect(int status) {
        RetryDecision decision = decider.onResponse(status, headers("x-should-retry", "true"), null, 1, START, START);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.NOT_RETRYABLE_STATUS);
    }

    @Test
    void xShouldRetryFalseNeverRetries() {
        RetryDecision decision = decider.onResponse(503, headers("x-should-retry", "False", "Retry-After", "1"), null,
            1, START, START);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.SERVER_REFUSED_RETRY);
    }

    @Test
    void anyOtherXShouldRetryValueIsIgnored() {
        assertThat(decider.onResponse(400, headers("x-should-retry", "maybe"), null, 1, START, START).shouldRetry())
            .isFalse();
        assertThat(decider.onResponse(503, headers("x-should-retry", "1"), null, 1, START, START).shouldRetry())
            .isTrue();
    }

    @Test
    void insufficientQuotaIsNotRetried() {
        RetryDecision decision = decider.onResponse(429, headers("Retry-After", "1"), "insufficient_quota", 1, START,
            START);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.INSUFFICIENT_QUOTA);
    }

    @Test
    void otherErrorCodesOfA429AreRetried() {
        assertThat(decider.onResponse(429, HeaderLookup.NONE, "429", 1, START, START).shouldRetry()).isTrue();
        assertThat(decider.onResponse(429, HeaderLookup.NONE, "rate_limit_exceeded", 1, START, START).shouldRetry())
            .isTrue();
    }

    @Test
    void theErrorCodeIsNeededOnlyForA429ThatMightBeRetried() {
        assertThat(decider.needsErrorCode(429, HeaderLookup.NONE, 1)).isTrue();
        assertThat(decider.needsErrorCode(429, HeaderLookup.NONE, 10)).isTrue();
        assertThat(decider.needsErrorCode(429, HeaderLookup.NONE, 11)).isFalse();
        assertThat(decider.needsErrorCode(429, headers("x-should-retry", "true"), 1)).isFalse();
        assertThat(decider.needsErrorCode(429, headers("x-should-retry", "false"), 1)).isFalse();
        assertThat(decider.needsErrorCode(503, HeaderLookup.NONE, 1)).isFalse();
        assertThat(decider.needsErrorCode(200, HeaderLookup.NONE, 1)).isFalse();
    }

    @Test
    void stopsAfterMaxRetries() {
        assertThat(decider.onResponse(503, HeaderLookup.NONE, null, 10, START, START).shouldRetry()).isTrue();
        RetryDecision decision = decider.onResponse(503, HeaderLookup.NONE, null, 11, START, START);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.RETRIES_EXHAUSTED);
    }

    @Test
    void zeroMaxRetriesNeverRetries() {
        RetryDecider none = new RetryDecider(new RetryLimits(0, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(60), Duration.ofMinutes(3)), () -> 0.0);
        assertThat(none.onResponse(503, HeaderLookup.NONE, null, 1, START, START).reason())
            .isEqualTo(RetryReason.RETRIES_OFF);
        assertThat(none.onError(new IOException(), 1, START, START).reason())
            .isEqualTo(RetryReason.RETRIES_OFF);
        assertThat(none.onResponse(400, HeaderLookup.NONE, null, 1, START, START).reason())
            .isEqualTo(RetryReason.NOT_RETRYABLE_STATUS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Retry-After=0", "retry-after-ms=0", "x-ms-retry-after-ms=0", "retry-after-ms=0.0",
        "Retry-After=Thu, 01 Jan 2026 11:59:00 GMT", "Retry-After=Thu, 01 Jan 2026 12:00:00 GMT"})
    void aZeroOrPastServerDelayFallsBackToTheBackoff(String header) {
        String[] nameAndValue = header.split("=", 2);
        for (int attempt = 1; attempt <= 3; attempt++) {
            RetryDecision decision = decider.onResponse(429, headers(nameAndValue[0], nameAndValue[1]), null, attempt,
                START, START);
            Duration backoff = Backoff.delay(attempt, DEFAULTS.baseDelay(), DEFAULTS.maxDelay(), 0.0);
            assertThat(decision.shouldRetry()).isTrue();
            assertThat(decision.delay()).as("attempt %d", attempt).isEqualTo(backoff)
                .isGreaterThanOrEqualTo(Duration.ofMillis(400L << (attempt - 1)));
            assertThat(decision.delaySource()).isEqualTo(RetryDecision.BACKOFF);
        }
    }

    @Test
    void aZeroInTheFirstUsableHeaderMeansBackoffEvenWhenALaterHeaderNamesADelay() {
        RetryDecision decision = decider.onResponse(429, headers("retry-after-ms", "0", "Retry-After", "7"), null, 1,
            START, START);
        assertThat(decision.delay()).isEqualTo(Duration.ofMillis(400));
        assertThat(decision.delaySource()).isEqualTo(RetryDecision.BACKOFF);
    }

    @Test
    void aZeroServerDelayStillStopsWhenTheBackoffWouldPassTheTimeout() {
        Instant now = START.plus(Duration.ofMinutes(3)).minusMillis(100);
        RetryDecision decision = decider.onResponse(429, headers("Retry-After", "0"), null, 1, START, now);
        assertThat(decision.reason()).isEqualTo(RetryReason.TIMEOUT_BUDGET_EXCEEDED);
    }

    @Test
    void aTinyPositiveServerDelayIsHonouredAsAsked() {
        assertThat(decider.onResponse(429, headers("retry-after-ms", "1"), null, 1, START, START).delay())
            .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void errorsNoRetryCanFixStopAtOnce() {
        RetryDecision decision = decider.onError(new UncheckedIOException(new java.net.UnknownHostException("x")), 1,
            START, START);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.UNFIXABLE_ERROR);
        assertThat(decider.onError(new java.net.ConnectException("refused"), 1, START, START).reason())
            .isEqualTo(RetryReason.RETRYABLE_ERROR);
    }

    @Test
    void serverDelayIsWaitedExactlyWithoutJitter() {
        RetryDecision decision = decider.onResponse(429, headers("retry-after-ms", "6000", "Retry-After", "7"), null,
            1, START, START);
        assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(6));
        assertThat(decision.delaySource()).isEqualTo("retry-after-ms");
        assertThat(decision.requestedDelay()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void serverDelayIsNotCappedByMaxBackoffDelay() {
        RetryDecision decision = decider.onResponse(429, headers("Retry-After", "21"), null, 1, START, START);
        assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(21));
    }

    @Test
    void serverDelayGetsAtMostASmallPositivePadding() {
        RetryDecider jittery = new RetryDecider(DEFAULTS, () -> 0.99);
        RetryDecision decision = jittery.onResponse(429, headers("Retry-After", "10"), null, 1, START, START);
        assertThat(decision.delay()).isBetween(Duration.ofSeconds(10), Duration.ofMillis(10_250));
        assertThat(decision.delay()).isGreaterThan(Duration.ofSeconds(10));
    }

    @Test
    void serverDelayAtTheCapIsWaited() {
        assertThat(decider.onResponse(429, headers("Retry-After", "60"), null, 1, START, START).delay())
            .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void serverDelayAboveTheCapStopsAtOnce() {
        RetryDecision decision = decider.onResponse(429, headers("Retry-After", "86400"), null, 1, START, START);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.RETRY_AFTER_ABOVE_MAX);
        assertThat(decision.requestedDelay()).isEqualTo(Duration.ofDays(1));
        assertThat(decision.limit()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void serverDelayEndingAfterTheTimeoutStopsAtOnce() {
        Instant now = START.plusSeconds(150);
        RetryDecision decision = decider.onResponse(429, headers("Retry-After", "31"), null, 3, START, now);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.TIMEOUT_BUDGET_EXCEEDED);
        assertThat(decision.limit()).isEqualTo(Duration.ofSeconds(30));
        assertThat(decider.onResponse(429, headers("Retry-After", "30"), null, 3, START, now).shouldRetry()).isTrue();
    }

    @Test
    void paddingNeverPushesPastTheTimeout() {
        RetryDecider jittery = new RetryDecider(DEFAULTS, () -> 0.99);
        Instant now = START.plusSeconds(150);
        assertThat(jittery.onResponse(429, headers("Retry-After", "30"), null, 3, START, now).delay())
            .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backoffIsUsedWithoutAServerDelay() {
        assertThat(decider.onResponse(503, HeaderLookup.NONE, null, 1, START, START).delay())
            .isEqualTo(Duration.ofMillis(400));
        RetryDecision third = decider.onResponse(503, headers("Retry-After", "soon"), null, 3, START, START);
        assertThat(third.delay()).isEqualTo(Duration.ofMillis(1600));
        assertThat(third.delaySource()).isEqualTo(RetryDecision.BACKOFF);
    }

    @Test
    void backoffEndingAfterTheTimeoutStops() {
        Instant now = START.plus(Duration.ofMinutes(3)).minusMillis(399);
        RetryDecision decision = decider.onResponse(503, HeaderLookup.NONE, null, 1, START, now);
        assertThat(decision.reason()).isEqualTo(RetryReason.TIMEOUT_BUDGET_EXCEEDED);
        assertThat(decision.limit()).isEqualTo(Duration.ofMillis(399));
    }

    @Test
    void retriesIoErrorsAndTimeoutsWithBackoff() {
        RetryDecision decision = decider.onError(new IOException("reset"), 2, START, START);
        assertThat(decision.reason()).isEqualTo(RetryReason.RETRYABLE_ERROR);
        assertThat(decision.delay()).isEqualTo(Duration.ofMillis(800));
        assertThat(decider.onError(new UncheckedIOException(new IOException()), 1, START, START).shouldRetry())
            .isTrue();
        assertThat(decider.onError(new PrematureCloseException(), 1, START, START).shouldRetry()).isTrue();
        assertThat(decider.onError(new TimeoutException(), 1, START, START).shouldRetry()).isTrue();
        assertThat(decider.onError(new RuntimeException(new TimeoutException()), 1, START, START).shouldRetry())
            .isTrue();
    }

    @Test
    void doesNotRetryOtherErrors() {
        RetryDecision decision = decider.onError(new IllegalStateException("bug"), 1, START, START);
        assertThat(decision.shouldRetry()).isFalse();
        assertThat(decision.reason()).isEqualTo(RetryReason.NOT_RETRYABLE_ERROR);
        assertThat(decider.onError(new SecurityException(), 1, START, START).shouldRetry()).isFalse();
    }

    @Test
    void stopsOnErrorsAfterMaxRetriesOrPastTheTimeout() {
        assertThat(decider.onError(new IOException(), 11, START, START).reason())
            .isEqualTo(RetryReason.RETRIES_EXHAUSTED);
        assertThat(decider.onError(new IOException(), 1, START, START.plus(Duration.ofMinutes(3))).reason())
            .isEqualTo(RetryReason.TIMEOUT_BUDGET_EXCEEDED);
    }

    /** Stands in for reactor-netty's PrematureCloseException, which is an IOException. */
    private static final class PrematureCloseException extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
