// Licensed under the MIT License.
package io.github.openaipolicies.hostile;

import com.azure.core.http.HttpHeaders;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the documented rules of {@code RetryAfterHeaders} say a value or a header set asks for, written out here
 * independently of the code, so a property can compare the parser's result with it case by case (not only check that
 * nothing throws): a plain decimal of ASCII digits (at most 20 before and 20 after the point, surrounding white space
 * ignored) rounded up to whole milliseconds, or for {@code Retry-After} seconds of that form or an RFC 1123 date (in
 * the past: zero); more than 30 days is unusable; {@code retry-after-ms}, then {@code x-ms-retry-after-ms}, then
 * {@code Retry-After}, the first usable one wins. Repeated lines of one header are read as one comma-joined value.
 */
final class DelaySpec {
    /** The longest plausible delay: 30 days. */
    static final Duration LONGEST = Duration.ofDays(30);
    /** The headers, in the order they are tried. */
    static final String[] ORDER = {"retry-after-ms", "x-ms-retry-after-ms", "retry-after"};

    private DelaySpec() {
    }

    /**
     * The delay a header set asks for, and the header it comes from.
     *
     * @param headers the headers
     * @param now the moment an HTTP-date is read at
     * @return the header's lower-case name and the delay, or empty when no header is usable
     */
    static Optional<java.util.Map.Entry<String, Duration>> of(HttpHeaders headers, OffsetDateTime now) {
        for (String name : ORDER) {
            String value = headers.getValue(com.azure.core.http.HttpHeaderName.fromString(name));
            Optional<Duration> delay = name.equals("retry-after") ? retryAfter(value, now) : millis(value);
            if (delay.isPresent()) {
                return Optional.of(java.util.Map.entry(name, delay.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * A milliseconds value.
     *
     * @param value the text, may be null
     * @return the delay, or empty when unusable
     */
    static Optional<Duration> millis(String value) {
        return decimal(value).flatMap(DelaySpec::plausible);
    }

    /**
     * A {@code Retry-After} value.
     *
     * @param value the text, may be null
     * @param now the moment a date is read at
     * @return the delay, or empty when unusable
     */
    static Optional<Duration> retryAfter(String value, OffsetDateTime now) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<BigDecimal> seconds = decimal(value);
        if (seconds.isPresent()) {
            return plausible(seconds.get().movePointRight(3));
        }
        OffsetDateTime date;
        try {
            date = OffsetDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        if (!date.isAfter(now)) {
            return Optional.of(Duration.ZERO);
        }
        Duration until = Duration.between(now, date);
        return plausible(BigDecimal.valueOf(until.getSeconds()).movePointRight(3)
            .add(BigDecimal.valueOf(until.getNano(), 6)));
    }

    private static Optional<BigDecimal> decimal(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.trim();
        int point = text.indexOf('.');
        String whole = point < 0 ? text : text.substring(0, point);
        String fraction = point < 0 ? null : text.substring(point + 1);
        if (!asciiDigits(whole, 20) || fraction != null && !asciiDigits(fraction, 20)) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(text));
    }

    private static boolean asciiDigits(String text, int most) {
        if (text.isEmpty() || text.length() > most) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Optional<Duration> plausible(BigDecimal millis) {
        BigDecimal whole = millis.setScale(0, RoundingMode.CEILING);
        return whole.compareTo(BigDecimal.valueOf(LONGEST.toMillis())) > 0 ? Optional.empty()
            : Optional.of(Duration.ofMillis(whole.longValueExact()));
    }
}
