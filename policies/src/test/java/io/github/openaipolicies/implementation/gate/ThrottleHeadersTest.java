// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.implementation.ThrottleHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleHeadersTest {
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

    @ParameterizedTest
    @CsvSource({"1,1000", "0.5,500", "1m30s,90000", "1h,3600000", "59.5ms,60", "2s20ms,2020"})
    void resetHintsInSecondsOrDurations(String value, long millis) {
        assertThat(ThrottleHeaders.reset(value)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource(value = {"-1", "abc", "1x", "s", "ms1", "''", "1e3", "1s-2s", "99999999999999999999999999999999999999999"},
        quoteCharacter = '\'')
    void unusableResetHintsAreLeftOut(String value) {
        assertThat(ThrottleHeaders.reset(value)).isNull();
    }

    @ParameterizedTest
    @CsvSource(value = {"-1", "abc", "1.5", "''", "0x10", "9999999999999", "+5"}, quoteCharacter = '\'')
    void unusableCountersAreLeftOut(String value) {
        assertThat(ThrottleHeaders.counter(value)).isNull();
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

    @Test
    void twelveDigitsAreACounterWhateverTheWhiteSpaceAroundThem() {
        assertThat(ThrottleHeaders.counter("   999999999999 ")).isEqualTo(999_999_999_999L);
    }

    @Test
    void aResetHintOfFortyCharactersIsReadAndOneOfFortyOneIsNot() {
        String forty = " ".repeat(38) + "1s";

        assertThat(ThrottleHeaders.reset(forty)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ThrottleHeaders.reset(" " + forty)).isNull();
    }
}
