// Licensed under the MIT License.
package io.github.openaipolicies.hostile;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws one valid server delay of up to {@code max}, in one of the header forms a server uses, spelt in any case and
 * padded with white space, and knows its exact length (before any rounding).
 */
final class ValidDelays {
    /** The header form of a drawn delay. */
    enum Form {
        /** {@code retry-after-ms}, whole or with up to three decimals. */
        RETRY_AFTER_MS,
        /** {@code x-ms-retry-after-ms}, whole or with up to three decimals. */
        X_MS_RETRY_AFTER_MS,
        /** {@code Retry-After} in seconds, whole or with up to six decimals. */
        RETRY_AFTER_SECONDS,
        /** {@code Retry-After} as an HTTP-date in any offset (whole seconds, read against a clock with nanoseconds). */
        RETRY_AFTER_DATE
    }

    /**
     * One drawn delay.
     *
     * @param form its form
     * @param headers the response headers carrying it
     * @param exact the delay the header names, exactly
     */
    record Drawn(Form form, HttpHeaders headers, Duration exact) {
    }

    private final HostileValues values;
    private final Map<Form, Integer> reached = new EnumMap<>(Form.class);

    ValidDelays(HostileValues values) {
        this.values = values;
    }

    Map<Form, Integer> reached() {
        return reached;
    }

    /**
     * Draws a delay from 0 up to {@code max} (at least a second for a date, whose value has whole seconds).
     *
     * @param now the moment an HTTP-date is read at
     * @param max the longest delay to draw
     * @return the delay and its headers
     */
    Drawn draw(Instant now, Duration max) {
        return draw(now, Duration.ZERO, max);
    }

    /**
     * Draws a delay from {@code least} up to {@code max}, e.g. just below a cap (a date names whole seconds, at least
     * one, so its delay may fall up to a second below {@code least}).
     *
     * @param now the moment an HTTP-date is read at
     * @param least the shortest delay to draw
     * @param max the longest delay to draw
     * @return the delay and its headers
     */
    Drawn draw(Instant now, Duration least, Duration max) {
        SplittableRandom random = values.random();
        Form form = Form.values()[random.nextInt(Form.values().length)];
        reached.merge(form, 1, Integer::sum);
        long maxMillis = Math.max(1, max.toMillis());
        long leastMillis = Math.min(Math.max(0, least.toMillis()), maxMillis);
        String pad = random.nextBoolean() ? "" : " \t".substring(0, random.nextInt(1, 3));
        return switch (form) {
            case RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS -> {
                BigDecimal millis = BigDecimal.valueOf(random.nextLong(leastMillis * 1000, maxMillis * 1000 + 1), 3);
                if (millis.compareTo(BigDecimal.valueOf(maxMillis)) > 0) {
                    millis = BigDecimal.valueOf(maxMillis);
                }
                String text = random.nextBoolean() || leastMillis > 0 ? millis.toPlainString()
                    : millis.setScale(0, java.math.RoundingMode.DOWN).toPlainString();
                String name = form == Form.RETRY_AFTER_MS ? "retry-after-ms" : "x-ms-retry-after-ms";
                yield new Drawn(form, headers(name, pad + text + pad), nanos(new BigDecimal(text).movePointRight(6)));
            }
            case RETRY_AFTER_SECONDS -> {
                BigDecimal seconds = BigDecimal.valueOf(random.nextLong(leastMillis * 1000, maxMillis * 1000 + 1), 6);
                yield new Drawn(form, headers("Retry-After", pad + seconds.toPlainString() + pad),
                    nanos(seconds.movePointRight(9)));
            }
            case RETRY_AFTER_DATE -> {
                long most = Math.max(1, maxMillis / 1000);
                long fewest = Math.min(most, Math.max(1, (leastMillis + 999) / 1000));
                long seconds = random.nextLong(fewest, most + 1);
                Instant date = now.plusSeconds(seconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                Duration exact = Duration.between(now, date);
                if (exact.isNegative()) {
                    exact = Duration.ZERO;
                }
                yield new Drawn(form, headers("Retry-After", pad + values.httpDate(date) + pad), exact);
            }
        };
    }

    private HttpHeaders headers(String name, String value) {
        return new HttpHeaders().set(HttpHeaderName.fromString(values.mixedCase(name)), value);
    }

    private static Duration nanos(BigDecimal nanos) {
        return Duration.ofNanos(nanos.longValueExact());
    }
}
