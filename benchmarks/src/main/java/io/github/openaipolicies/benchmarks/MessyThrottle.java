// Licensed under the MIT License.
package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.Fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * The client-neutral part of {@code --faults messy}: a seeded sequence of 429 shapes (the i-th 429 of a run gets the
 * i-th shape) and how a throttling 429 of the simulator is rewritten into one of them. The transports of each client
 * ({@link MessyThrottleHttpClient} for azure-core, {@link MessyThrottleOpenAIJavaClient} for openai-java) only convert
 * headers and responses.
 */
final class MessyThrottle {
    /** The shapes, each as likely as the others. */
    enum Shape {
        /** {@code retry-after} and {@code retry-after-ms}, as the simulator sends them. */
        CLEAN(Fault::tooManyRequests, true),
        /** No delay header at all. */
        NO_DELAY(delay -> Fault.tooManyRequestsWithoutDelay(), true),
        /** {@code retry-after} in whole seconds (rounded up) only. */
        SECONDS_ONLY(Fault::tooManyRequestsRetryAfterSecondsOnly, true),
        /** Only {@code x-ratelimit-reset-tokens} and {@code policy-id}. */
        RESET_TOKENS_ONLY(delay -> Fault.tooManyRequestsResetTokensOnly(delay, false), true),
        /** Only the misspelt {@code x-rate-limit-reset-tokens} and {@code policy-id}. */
        MISSPELT_RESET_TOKENS_ONLY(delay -> Fault.tooManyRequestsResetTokensOnly(delay, true), true),
        /** "Rate limit is exceeded. Try again in N seconds." with whole-second {@code retry-after}. */
        SHORT_BODY(Fault::rateLimitIsExceeded, true),
        /** A capacity 429 (both delay headers, no rate-limit counters). */
        CAPACITY(Fault::capacityExceeded, false);

        private final Function<Duration, Fault> fault;
        private final boolean keepsCounters;

        Shape(Function<Duration, Fault> fault, boolean keepsCounters) {
            this.fault = fault;
            this.keepsCounters = keepsCounters;
        }
    }

    /**
     * A rewritten 429.
     *
     * @param headers the headers to send, one value each
     * @param body the body to send
     */
    record Reshaped(List<Map.Entry<String, String>> headers, byte[] body) {
    }

    private static final Set<String> DELAY_HEADERS = Set.of("retry-after", "retry-after-ms", "x-ms-retry-after-ms");
    private static final String RATE_LIMIT_PREFIX = "x-ratelimit-";

    private final Random random;
    private final AtomicLongArray served = new AtomicLongArray(Shape.values().length);

    /**
     * A new sequence.
     *
     * @param seed the seed of the shape sequence
     */
    MessyThrottle(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Rewrites one throttling 429 into the next shape of the sequence: its delay headers go, its rate-limit counters
     * stay (except on a capacity 429), the shape's headers and body come in.
     *
     * @param headers the simulator's headers, one (joined) value each
     * @return the 429 to send instead
     */
    Reshaped reshape(List<Map.Entry<String, String>> headers) {
        Shape shape = next();
        served.incrementAndGet(shape.ordinal());
        Fault fault = shape.fault.apply(announcedDelay(headers));
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            boolean counter = name.startsWith(RATE_LIMIT_PREFIX);
            if (!DELAY_HEADERS.contains(name) && (shape.keepsCounters || !counter)) {
                kept.add(Map.entry(header.getKey(), header.getValue()));
            }
        }
        kept.addAll(fault.headers());
        return new Reshaped(List.copyOf(kept), fault.body().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * How many 429s went out in each shape so far.
     *
     * @return the counts by shape
     */
    Map<Shape, Long> served() {
        Map<Shape, Long> counts = new EnumMap<>(Shape.class);
        for (Shape shape : Shape.values()) {
            counts.put(shape, served.get(shape.ordinal()));
        }
        return counts;
    }

    /**
     * The counts of {@link #served()} as one line, e.g. {@code clean 3, no-delay 2, ...}.
     *
     * @return the line
     */
    String servedLine() {
        StringBuilder line = new StringBuilder();
        served().forEach((shape, count) -> line.append(line.isEmpty() ? "" : ", ")
            .append(shape.name().toLowerCase(Locale.ROOT).replace('_', '-')).append(' ').append(count));
        return line.toString();
    }

    private synchronized Shape next() {
        Shape[] shapes = Shape.values();
        return shapes[random.nextInt(shapes.length)];
    }

    /** The simulator's own delay: {@code retry-after-ms}, else whole seconds, else 1 s. */
    private static Duration announcedDelay(List<Map.Entry<String, String>> headers) {
        String millis = value(headers, "retry-after-ms");
        if (millis != null) {
            return Duration.ofMillis(Long.parseLong(millis.trim()));
        }
        String seconds = value(headers, "retry-after");
        return seconds != null ? Duration.ofSeconds(Long.parseLong(seconds.trim())) : Duration.ofSeconds(1);
    }

    private static String value(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
