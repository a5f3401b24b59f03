// Licensed under the MIT License.
package io.github.openaipolicies.benchmarks;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.github.openaipolicies.testkit.Fault;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * The transport of {@code --faults messy}: passes every answer of the simulator through, except that each of its
 * throttling 429s reaches the client (below every pipeline policy) in one of the messier shapes Azure OpenAI has sent,
 * chosen by a seeded random sequence, the i-th 429 of a run getting the i-th shape of the sequence. The shapes are the
 * testkit's {@link Fault} factories, given the delay the simulator's own 429 announced ({@code retry-after-ms}); the
 * rate-limit counters of the simulator's answer are kept, except on a capacity 429, which speaks of no quota.
 */
final class MessyThrottleHttpClient implements HttpClient {
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

    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
    private static final HttpHeaderName[] DELAY_HEADERS = {HttpHeaderName.RETRY_AFTER, RETRY_AFTER_MS,
        HttpHeaderName.fromString("x-ms-retry-after-ms")};
    private static final String RATE_LIMIT_PREFIX = "x-ratelimit-";

    private final HttpClient inner;
    private final Random random;
    private final AtomicLongArray served = new AtomicLongArray(Shape.values().length);

    /**
     * Wraps a transport.
     *
     * @param inner the simulator's transport
     * @param seed the seed of the shape sequence
     */
    MessyThrottleHttpClient(HttpClient inner, long seed) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.random = new Random(seed);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return inner.send(request, context).map(this::messUp);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return messUp(inner.sendSync(request, context));
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
     * The counts of {@link #served()} as one line, e.g. {@code CLEAN 3, NO_DELAY 2, ...}.
     *
     * @return the line
     */
    String servedLine() {
        StringBuilder line = new StringBuilder();
        served().forEach((shape, count) -> line.append(line.isEmpty() ? "" : ", ")
            .append(shape.name().toLowerCase(Locale.ROOT).replace('_', '-')).append(' ').append(count));
        return line.toString();
    }

    private HttpResponse messUp(HttpResponse response) {
        if (response.getStatusCode() != 429) {
            return response;
        }
        Shape shape = next();
        served.incrementAndGet(shape.ordinal());
        Duration delay = announcedDelay(response.getHeaders());
        Fault fault = shape.fault.apply(delay);
        HttpHeaders headers = new HttpHeaders();
        response.getHeaders().forEach(header -> {
            boolean delayHeader = Arrays.stream(DELAY_HEADERS).anyMatch(name -> name.getCaseInsensitiveName()
                .equals(header.getName().toLowerCase(Locale.ROOT)));
            boolean counter = header.getName().toLowerCase(Locale.ROOT).startsWith(RATE_LIMIT_PREFIX);
            if (!delayHeader && (shape.keepsCounters || !counter)) {
                headers.set(HttpHeaderName.fromString(header.getName()), header.getValue());
            }
        });
        fault.headers().forEach(header -> headers.set(HttpHeaderName.fromString(header.getKey()), header.getValue()));
        HttpRequest request = response.getRequest();
        response.close();
        return new CannedHttpResponse(request, 429, headers, fault.body().getBytes(StandardCharsets.UTF_8));
    }

    private synchronized Shape next() {
        Shape[] shapes = Shape.values();
        return shapes[random.nextInt(shapes.length)];
    }

    /** The simulator's own delay: {@code retry-after-ms}, else whole seconds, else 1 s. */
    private static Duration announcedDelay(HttpHeaders headers) {
        String millis = headers.getValue(RETRY_AFTER_MS);
        if (millis != null) {
            return Duration.ofMillis(Long.parseLong(millis.trim()));
        }
        String seconds = headers.getValue(HttpHeaderName.RETRY_AFTER);
        return seconds != null ? Duration.ofSeconds(Long.parseLong(seconds.trim())) : Duration.ofSeconds(1);
    }
}
