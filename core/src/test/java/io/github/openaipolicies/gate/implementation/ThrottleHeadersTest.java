// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.gate.ThrottleFeedback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ThrottleHeaders} over {@link HeaderLookup}: what a response's headers say about its quota, and the values
 * left out. (azure-core's headers read through it: {@code ResponseFeedbackTest} in the policies module.)
 */
class ThrottleHeadersTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW.toInstant(), ZoneOffset.UTC);

    @Test
    void readsTheDelayCountersAndResetsOfA429() {
        Headers headers = new Headers()
            .set("retry-after-ms", "1500")
            .set("retry-after", "2")
            .set(ThrottleHeaders.REMAINING_REQUESTS, "0")
            .set(ThrottleHeaders.REMAINING_TOKENS, " 1200 ")
            .set(ThrottleHeaders.RESET_REQUESTS, "6m0s")
            .set(ThrottleHeaders.RESET_TOKENS_MISSPELT, "20ms");

        ThrottleFeedback feedback = ThrottleHeaders.feedback(429, headers, CLOCK);

        assertThat(feedback).isEqualTo(ThrottleFeedback.response(429, Duration.ofMillis(1500), 0L, 1200L,
            Duration.ofMinutes(6), Duration.ofMillis(20)));
    }

    @Test
    void aSuccessIsReadForItsCountersOnlyAndAServerErrorForItsDelayToo() {
        Headers headers = new Headers()
            .set("retry-after-ms", "1500")
            .set(ThrottleHeaders.REMAINING_REQUESTS, "7");

        assertThat(ThrottleHeaders.feedback(200, headers, CLOCK))
            .isEqualTo(ThrottleFeedback.response(200, null, 7L, null, null, null));
        assertThat(ThrottleHeaders.feedback(503, headers, CLOCK))
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
        Headers headers = new Headers().set("retry-after", "Thu, 01 Jan 2026 12:00:05 GMT");

        assertThat(ThrottleHeaders.feedback(429, headers, CLOCK).retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadRequestIsTheFirstStatusReadForItsDelay() {
        Headers headers = new Headers().set("retry-after-ms", "1500");

        assertThat(ThrottleHeaders.feedback(400, headers, CLOCK).retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ThrottleHeaders.feedback(399, headers, CLOCK).retryAfter()).isNull();
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

    /** Response headers by case-insensitive name, one value each. */
    private static final class Headers implements HeaderLookup {
        private final Map<String, String> values = new LinkedHashMap<>();

        Headers set(String name, String value) {
            values.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        @Override
        public String value(String name) {
            return values.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
