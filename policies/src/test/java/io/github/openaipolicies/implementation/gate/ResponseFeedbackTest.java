// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.implementation.ThrottleHeaders;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResponseFeedback}: azure-core's headers read by the core's {@code ThrottleHeaders} (whose parsing is tested
 * in the core's {@code ThrottleHeadersTest}), the clock read for an HTTP-date {@code Retry-After}.
 */
class ResponseFeedbackTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T12:00:00Z");

    @Test
    void readsTheDelayCountersAndResetsOfA429() {
        HttpHeaders headers = new HttpHeaders()
            .set(HttpHeaderName.fromString("retry-after-ms"), "1500")
            .set(HttpHeaderName.RETRY_AFTER, "2")
            .set(ThrottleHeaders.REMAINING_REQUESTS, "0")
            .set(ThrottleHeaders.REMAINING_TOKENS, " 1200 ")
            .set(ThrottleHeaders.RESET_REQUESTS, "6m0s")
            .set(ThrottleHeaders.RESET_TOKENS_MISSPELT, "20ms");

        ThrottleFeedback feedback = ResponseFeedback.feedback(429, headers, NOW);

        assertThat(feedback).isEqualTo(ThrottleFeedback.response(429, Duration.ofMillis(1500), 0L, 1200L,
            Duration.ofMinutes(6), Duration.ofMillis(20)));
    }

    @Test
    void aSuccessIsReadForItsCountersOnlyAndAServerErrorForItsDelayToo() {
        HttpHeaders headers = new HttpHeaders()
            .set(HttpHeaderName.fromString("retry-after-ms"), "1500")
            .set(ThrottleHeaders.REMAINING_REQUESTS, "7");

        assertThat(ResponseFeedback.feedback(200, headers, NOW))
            .isEqualTo(ThrottleFeedback.response(200, null, 7L, null, null, null));
        assertThat(ResponseFeedback.feedback(503, headers, NOW))
            .isEqualTo(ThrottleFeedback.response(503, Duration.ofMillis(1500), 7L, null, null, null));
    }

    @Test
    void anHttpDateRetryAfterOnAnErrorIsReadAgainstTheClock() {
        Clock clock = Clock.fixed(NOW.toInstant(), ZoneOffset.UTC);
        HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "Thu, 01 Jan 2026 12:00:05 GMT");

        assertThat(ResponseFeedback.feedback(429, headers, clock).retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadRequestIsTheFirstStatusReadForItsDelay() {
        HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.fromString("retry-after-ms"), "1500");

        assertThat(ResponseFeedback.feedback(400, headers, NOW).retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ResponseFeedback.feedback(399, headers, NOW).retryAfter()).isNull();
    }
}
