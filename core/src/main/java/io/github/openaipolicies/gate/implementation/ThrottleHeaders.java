// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.retry.implementation.RetryAfterHeaders;
import io.github.openaipolicies.retry.implementation.ServerDelay;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.Function;

/**
 * Reads what a response says about its quota into a {@link ThrottleFeedback}. Pure; never throws on a bad value: a
 * value that is not a plain non-negative number (or, for resets, a duration such as {@code 6m0s} or {@code 20ms})
 * is left out. The server's delay ({@code Retry-After} and its kin) is read by the caller's parser, passed in.
 */
public final class ThrottleHeaders {
    /** {@code x-ratelimit-remaining-requests}. */
    public static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
    /** {@code x-ratelimit-remaining-tokens}. */
    public static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
    /** {@code x-ratelimit-reset-requests}. */
    public static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
    /** {@code x-ratelimit-reset-tokens}. */
    public static final String RESET_TOKENS = "x-ratelimit-reset-tokens";
    /** {@code x-rate-limit-reset-tokens}, a misspelling seen on Azure OpenAI 429s. */
    public static final String RESET_TOKENS_MISSPELT = "x-rate-limit-reset-tokens";

    private static final int MAX_COUNTER_DIGITS = 12;
    private static final int MAX_NUMBER_DIGITS = 9;
    private static final int MAX_RESET_LENGTH = 40;

    private ThrottleHeaders() {
    }

    /**
     * The feedback of a response. The delay headers are read on error answers only (status 400 and above): on any
     * other answer a delay asks for nothing, and skipping them keeps the answer that is never throttled cheap.
     *
     * @param status the status code
     * @param headers the headers
     * @param serverDelay reads the server's delay from the headers (null when they ask for none); called only for
     * an error answer
     * @return the feedback
     */
    public static ThrottleFeedback feedback(int status, HeaderLookup headers,
        Function<HeaderLookup, Duration> serverDelay) {
        Duration retryAfter = readsDelay(status) ? serverDelay.apply(headers) : null;
        String resetTokens = headers.value(RESET_TOKENS);
        return ThrottleFeedback.response(status, retryAfter, counter(headers.value(REMAINING_REQUESTS)),
            counter(headers.value(REMAINING_TOKENS)), reset(headers.value(RESET_REQUESTS)),
            reset(resetTokens != null ? resetTokens : headers.value(RESET_TOKENS_MISSPELT)));
    }

    /**
     * Reads a response's feedback, the server's delay by {@link RetryAfterHeaders} (an HTTP-date against
     * {@code wallClock}, read only when the answer carries a {@code Retry-After}).
     *
     * @param status the status code
     * @param headers the headers
     * @param wallClock the clock an HTTP-date is compared with
     * @return the feedback
     */
    public static ThrottleFeedback feedback(int status, HeaderLookup headers, Clock wallClock) {
        return feedback(status, headers, read -> RetryAfterHeaders.parse(read,
            read.value(RetryAfterHeaders.RETRY_AFTER) == null ? OffsetDateTime.MIN : OffsetDateTime.now(wallClock))
            .map(ServerDelay::delay).orElse(null));
    }

    /**
     * Whether {@link #feedback} reads the server's delay for a status: error answers only.
     *
     * @param status the status code
     * @return true for 400 and above
     */
    public static boolean readsDelay(int status) {
        return status >= 400;
    }

    /**
     * Parses a counter: 1 to 12 ASCII digits, white space around them allowed.
     *
     * @param value the header value, may be null
     * @return the counter, or null when missing or unusable
     */
    public static Long counter(String value) {
        if (value == null) {
            return null;
        }
        int end = trimmedEnd(value);
        int start = trimmedStart(value, end);
        if (end - start < 1 || end - start > MAX_COUNTER_DIGITS) {
            return null;
        }
        long counter = 0;
        for (int i = start; i < end; i++) {
            int digit = digit(value.charAt(i));
            if (digit < 0) {
                return null;
            }
            counter = counter * 10 + digit;
        }
        return counter;
    }

    /**
     * Parses a reset hint: seconds ({@code "6"}, {@code "0.5"}) or a duration ({@code "1m30s"}, {@code "20ms"}), each
     * number 1 to 9 digits with an optional fraction of 1 to 9 digits.
     *
     * @param value the header value, may be null
     * @return the time until the reset, rounded up to milliseconds, or null when missing or unusable
     */
    public static Duration reset(String value) {
        if (value == null || value.length() > MAX_RESET_LENGTH) {
            return null;
        }
        int end = trimmedEnd(value);
        int start = trimmedStart(value, end);
        if (start == end) {
            return null;
        }
        Millis total = new Millis();
        int at = total.addPart(value, start, end, true);
        if (at == end) {
            return total.rounded();
        }
        total = new Millis();
        at = start;
        while (at < end) {
            at = total.addPart(value, at, end, false);
            if (at < 0) {
                return null;
            }
        }
        return total.rounded();
    }

    private static int trimmedEnd(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) <= ' ') {
            end--;
        }
        return end;
    }

    private static int trimmedStart(String value, int end) {
        int start = 0;
        while (start < end && value.charAt(start) <= ' ') {
            start++;
        }
        return start;
    }

    private static int digit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    /** An exact sum of milliseconds: whole milliseconds plus a fraction in billionths of one. */
    private static final class Millis {
        private static final long BILLION = 1_000_000_000L;
        private long whole;
        private long billionths;

        /**
         * Reads one {@code number unit} part (or, when {@code bare}, a number of seconds without a unit) from
         * {@code at} and adds it.
         *
         * @return where the part ends, or -1 when there is none at {@code at}
         */
        int addPart(String value, int at, int end, boolean bare) {
            int wholeStart = at;
            long integer = 0;
            while (at < end && at - wholeStart < MAX_NUMBER_DIGITS && digit(value.charAt(at)) >= 0) {
                integer = integer * 10 + digit(value.charAt(at++));
            }
            if (at == wholeStart) {
                return -1;
            }
            long fraction = 0;
            long scale = 1;
            if (at + 1 < end && value.charAt(at) == '.' && digit(value.charAt(at + 1)) >= 0) {
                int fractionStart = ++at;
                while (at < end && at - fractionStart < MAX_NUMBER_DIGITS && digit(value.charAt(at)) >= 0) {
                    fraction = fraction * 10 + digit(value.charAt(at++));
                    scale *= 10;
                }
            }
            long unit;
            if (bare) {
                unit = 1000;
            } else if (at + 1 < end && value.charAt(at) == 'm' && value.charAt(at + 1) == 's') {
                unit = 1;
                at += 2;
            } else if (at < end && (value.charAt(at) == 'h' || value.charAt(at) == 'm' || value.charAt(at) == 's')) {
                unit = switch (value.charAt(at)) {
                    case 'h' -> 3_600_000;
                    case 'm' -> 60_000;
                    default -> 1000;
                };
                at++;
            } else {
                return -1;
            }
            whole += integer * unit + fraction * unit / scale;
            billionths += fraction * unit % scale * (BILLION / scale);
            return at;
        }

        Duration rounded() {
            return Duration.ofMillis(whole + (billionths + BILLION - 1) / BILLION);
        }
    }
}
