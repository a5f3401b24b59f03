// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the delay a server asks for from a response's headers. Pure: no I/O, never throws on a bad value.
 *
 * <p>Headers, first usable one wins:</p>
 * <ol>
 *     <li>{@code retry-after-ms}: milliseconds;</li>
 *     <li>{@code x-ms-retry-after-ms}: milliseconds;</li>
 *     <li>{@code Retry-After}: delta-seconds, or an RFC 1123 HTTP-date (a date in the past is a zero delay).</li>
 * </ol>
 *
 * <p>Numbers are plain decimals ({@code "1.5"} is allowed, no sign, no exponent) and are rounded up to whole
 * milliseconds, so a delay is never shortened. A value that is empty, garbled, negative, too long to be a number, or
 * longer than {@link #LONGEST_PLAUSIBLE} is unusable and the next header is tried. A zero delay is returned as such;
 * {@link RetryDecider} backs off instead of retrying at once.</p>
 */
public final class RetryAfterHeaders {
    /** {@code retry-after-ms}, sent by Azure OpenAI next to {@code Retry-After}. */
    public static final String RETRY_AFTER_MS = "retry-after-ms";
    /** {@code x-ms-retry-after-ms}, read by azure-core and others. */
    public static final String X_MS_RETRY_AFTER_MS = "x-ms-retry-after-ms";
    /** {@code Retry-After}, the standard header: delta-seconds or an HTTP-date. */
    public static final String RETRY_AFTER = "retry-after";
    /** A requested delay longer than this (30 days) is taken as garbled, not as a request to wait. */
    public static final Duration LONGEST_PLAUSIBLE = Duration.ofDays(30);

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,20}(\\.\\d{1,20})?");
    private static final BigDecimal LONGEST_PLAUSIBLE_MILLIS = BigDecimal.valueOf(LONGEST_PLAUSIBLE.toMillis());
    private static final BigDecimal MILLIS_PER_SECOND = BigDecimal.valueOf(1000);

    private RetryAfterHeaders() {
    }

    /**
     * The delay the response asks for, from the first header with a usable value.
     *
     * @param headers the response headers
     * @param now the current time, to turn an HTTP-date into a delay
     * @return the requested delay and its header, or empty when no header has a usable value
     */
    public static Optional<ServerDelay> parse(HeaderLookup headers, OffsetDateTime now) {
        Optional<ServerDelay> delay = fromMillisHeader(headers, RETRY_AFTER_MS);
        if (delay.isEmpty()) {
            delay = fromMillisHeader(headers, X_MS_RETRY_AFTER_MS);
        }
        if (delay.isEmpty()) {
            delay = parseRetryAfter(headers.value(RETRY_AFTER), now).map(d -> new ServerDelay(RETRY_AFTER, d));
        }
        return delay;
    }

    /**
     * Parses a millisecond value such as {@code "1500"} or {@code "1500.5"}.
     *
     * @param value the header value, may be null
     * @return the delay, or empty when unusable
     */
    public static Optional<Duration> parseMillis(String value) {
        return parseDecimal(value).flatMap(millis -> plausible(millis));
    }

    /**
     * Parses a {@code Retry-After} value: delta-seconds (decimals allowed) or an RFC 1123 HTTP-date.
     *
     * @param value the header value, may be null
     * @param now the current time
     * @return the delay (zero for a date in the past), or empty when unusable
     */
    public static Optional<Duration> parseRetryAfter(String value, OffsetDateTime now) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<BigDecimal> seconds = parseDecimal(value);
        if (seconds.isPresent()) {
            return plausible(seconds.get().multiply(MILLIS_PER_SECOND));
        }
        return parseHttpDate(value.trim()).flatMap(date -> {
            Duration until = Duration.between(now, date);
            return until.isNegative() ? Optional.of(Duration.ZERO) : plausible(millisOf(until));
        });
    }

    /** The exact milliseconds of a duration, sub-millisecond part included, so that rounding up never shortens it. */
    private static BigDecimal millisOf(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).multiply(MILLIS_PER_SECOND)
            .add(BigDecimal.valueOf(duration.getNano(), 6));
    }

    private static Optional<ServerDelay> fromMillisHeader(HeaderLookup headers, String name) {
        return parseMillis(headers.value(name)).map(d -> new ServerDelay(name, d));
    }

    private static Optional<BigDecimal> parseDecimal(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        return DECIMAL.matcher(trimmed).matches() ? Optional.of(new BigDecimal(trimmed)) : Optional.empty();
    }

    private static Optional<Duration> plausible(BigDecimal millis) {
        BigDecimal whole = millis.setScale(0, RoundingMode.CEILING);
        if (whole.signum() < 0 || whole.compareTo(LONGEST_PLAUSIBLE_MILLIS) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(whole.longValueExact()));
    }

    private static Optional<OffsetDateTime> parseHttpDate(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
