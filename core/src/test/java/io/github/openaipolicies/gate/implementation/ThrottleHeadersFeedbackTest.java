// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.gate.ThrottleFeedback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ThrottleHeaders#feedback} over any client's headers: counters and resets by their lower-case names, the
 * server's delay from the adapter's parser on error answers only. (Parsing edge cases: {@code ThrottleHeadersTest}
 * and the property tests.)
 */
class ThrottleHeadersFeedbackTest {
    @Test
    void anErrorAnswerReadsTheDelayAndEveryCounter() {
        HeaderLookup headers = lookup(Map.of(ThrottleHeaders.REMAINING_REQUESTS, "0",
            ThrottleHeaders.REMAINING_TOKENS, " 120 ", ThrottleHeaders.RESET_REQUESTS, "1s",
            ThrottleHeaders.RESET_TOKENS, "20ms"));

        ThrottleFeedback feedback = ThrottleHeaders.feedback(429, headers, read -> Duration.ofSeconds(7));

        assertThat(feedback).isEqualTo(ThrottleFeedback.response(429, Duration.ofSeconds(7), 0L, 120L,
            Duration.ofSeconds(1), Duration.ofMillis(20)));
    }

    @Test
    void theDelayIsReadOnErrorAnswersOnly() {
        AtomicInteger reads = new AtomicInteger();

        ThrottleFeedback ok = ThrottleHeaders.feedback(399, HeaderLookup.NONE, read -> {
            reads.incrementAndGet();
            return Duration.ofSeconds(1);
        });
        ThrottleFeedback refused = ThrottleHeaders.feedback(400, HeaderLookup.NONE, read -> {
            reads.incrementAndGet();
            return Duration.ofSeconds(1);
        });

        assertThat(ok.retryAfter()).isNull();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(reads).as("once, for the 400").hasValue(1);
        assertThat(ThrottleHeaders.readsDelay(399)).isFalse();
        assertThat(ThrottleHeaders.readsDelay(400)).isTrue();
    }

    @Test
    void theMisspeltTokenResetIsReadWhenTheRightOneIsMissing() {
        HeaderLookup misspelt = lookup(Map.of(ThrottleHeaders.RESET_TOKENS_MISSPELT, "2s"));
        HeaderLookup both = lookup(Map.of(ThrottleHeaders.RESET_TOKENS, "1s",
            ThrottleHeaders.RESET_TOKENS_MISSPELT, "2s"));

        assertThat(ThrottleHeaders.feedback(200, misspelt, read -> null).resetTokens())
            .isEqualTo(Duration.ofSeconds(2));
        assertThat(ThrottleHeaders.feedback(200, both, read -> null).resetTokens())
            .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theHeaderNamesAreLowerCase() {
        assertThat(ThrottleHeaders.REMAINING_REQUESTS).isEqualTo("x-ratelimit-remaining-requests");
        assertThat(ThrottleHeaders.REMAINING_TOKENS).isEqualTo("x-ratelimit-remaining-tokens");
        assertThat(ThrottleHeaders.RESET_REQUESTS).isEqualTo("x-ratelimit-reset-requests");
        assertThat(ThrottleHeaders.RESET_TOKENS).isEqualTo("x-ratelimit-reset-tokens");
        assertThat(ThrottleHeaders.RESET_TOKENS_MISSPELT).isEqualTo("x-rate-limit-reset-tokens");
    }

    private static HeaderLookup lookup(Map<String, String> headers) {
        return headers::get;
    }
}
