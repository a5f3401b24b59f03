// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.ThrottleFeedback;
import io.github.openaipolicies.implementation.RetryAfterHeaders;
import io.github.openaipolicies.implementation.ServerDelay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a response says about its quota into a {@link ThrottleFeedback}. Pure; never throws on a bad value: a
 * value that is not a plain non-negative number (or, for resets, a duration such as {@code 6m0s} or {@code 20ms})
 * is left out.
 */
public final class ThrottleHeaders {
    /** {@code x-ratelimit-remaining-requests}. */
    public static final HttpHeaderName REMAINING_REQUESTS = HttpHeaderName.fromString("x-ratelimit-remaining-requests");
    /** {@code x-ratelimit-remaining-tokens}. */
    public static final HttpHeaderName REMAINING_TOKENS = HttpHeaderName.fromString("x-ratelimit-remaining-tokens");
    /** {@code x-ratelimit-reset-requests}. */
    public static final HttpHeaderName RESET_REQUESTS = HttpHeaderName.fromString("x-ratelimit-reset-requests");
    /** {@code x-ratelimit-reset-tokens}. */
    public static final HttpHeaderName RESET_TOKENS = HttpHeaderName.fromString("x-ratelimit-reset-tokens");
    /** {@code x-rate-limit-reset-tokens}, a misspelling seen on Azure OpenAI 429s. */
    public static final HttpHeaderName RESET_TOKENS_MISSPELT = HttpHeaderName.fromString("x-rate-limit-reset-tokens");

    private static final Pattern COUNTER = Pattern.compile("\\d{1,12}");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|h|m|s)");
    private static final int MAX_RESET_LENGTH = 40;

    private ThrottleHeaders() {
    }

    /**
     * The feedback of a response.
     *
     * @param status the status code
     * @param headers the headers
     * @param now the current time, for an HTTP-date {@code Retry-After}
     * @return the feedback
     */
    public static ThrottleFeedback feedback(int status, HttpHeaders headers, OffsetDateTime now) {
        Duration retryAfter = RetryAfterHeaders.parse(headers, now).map(ServerDelay::delay).orElse(null);
        String resetTokens = headers.getValue(RESET_TOKENS);
        return ThrottleFeedback.response(status, retryAfter, counter(headers.getValue(REMAINING_REQUESTS)),
            counter(headers.getValue(REMAINING_TOKENS)), reset(headers.getValue(RESET_REQUESTS)),
            reset(resetTokens != null ? resetTokens : headers.getValue(RESET_TOKENS_MISSPELT)));
    }

    /**
     * Parses a counter: digits only.
     *
     * @param value the header value, may be null
     * @return the counter, or null when missing or unusable
     */
    public static Long counter(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return COUNTER.matcher(trimmed).matches() ? Long.valueOf(trimmed) : null;
    }

    /**
     * Parses a reset hint: seconds ({@code "6"}, {@code "0.5"}) or a duration ({@code "1m30s"}, {@code "20ms"}).
     *
     * @param value the header value, may be null
     * @return the time until the reset, rounded up to milliseconds, or null when missing or unusable
     */
    public static Duration reset(String value) {
        if (value == null || value.length() > MAX_RESET_LENGTH) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (SECONDS.matcher(trimmed).matches()) {
            return millis(new BigDecimal(trimmed).multiply(BigDecimal.valueOf(1000)));
        }
        Matcher part = DURATION_PART.matcher(trimmed);
        BigDecimal total = BigDecimal.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            BigDecimal amount = new BigDecimal(part.group(1));
            total = total.add(switch (part.group(2)) {
                case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000));
                case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
                case "s" -> amount.multiply(BigDecimal.valueOf(1000));
                default -> amount;
            });
            end = part.end();
        }
        return end == trimmed.length() ? millis(total) : null;
    }

    private static Duration millis(BigDecimal millis) {
        return Duration.ofMillis(millis.setScale(0, RoundingMode.CEILING).longValueExact());
    }
}
