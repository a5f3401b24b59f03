// Licensed under the MIT License.
package io.github.openaipolicies.benchmarks;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MessyThrottleHttpClientTest {
    private static final HttpRequest REQUEST = new HttpRequest(HttpMethod.POST, "https://localhost/openai/x");
    private static final HttpHeaders SIMULATOR_429 = new HttpHeaders()
        .set(HttpHeaderName.RETRY_AFTER, "2")
        .set(HttpHeaderName.fromString("retry-after-ms"), "1500")
        .set(HttpHeaderName.fromString("x-ratelimit-remaining-requests"), "0")
        .set(HttpHeaderName.fromString("apim-request-id"), "id");
    private static final HttpHeaders SIMULATOR_200 = new HttpHeaders()
        .set(HttpHeaderName.fromString("x-ratelimit-remaining-requests"), "5");

    @Test
    void everyThrottlingAnswerComesInOneOfTheShapesAndEveryShapeComes() {
        long seed = System.nanoTime();
        System.out.println("MessyThrottleHttpClientTest seed " + seed);
        AtomicInteger calls = new AtomicInteger();
        MessyThrottleHttpClient messy = new MessyThrottleHttpClient(request -> Mono.just(
            calls.getAndIncrement() % 2 == 0 ? canned(429, SIMULATOR_429) : canned(200, SIMULATOR_200)), seed);
        Map<MessyThrottle.Shape, Integer> seen = new EnumMap<>(MessyThrottle.Shape.class);

        int answers = 1400;
        for (int i = 0; i < answers; i++) {
            HttpResponse response = i % 4 == 0 ? messy.sendSync(REQUEST, Context.NONE) : messy.send(REQUEST).block();
            if (response.getStatusCode() == 200) {
                assertThat(response.getHeaders()).as("a success passes unchanged").isSameAs(SIMULATOR_200);
                continue;
            }
            seen.merge(shapeOf(response), 1, Integer::sum);
        }

        int throttled = answers / 2;
        assertThat(seen).as("seed %d", seed).containsExactlyInAnyOrderEntriesOf(toInts(messy.served()));
        for (MessyThrottle.Shape shape : MessyThrottle.Shape.values()) {
            assertThat(seen.getOrDefault(shape, 0)).as("seed %d, shape %s", seed, shape)
                .isGreaterThanOrEqualTo(throttled / MessyThrottle.Shape.values().length / 5);
        }
    }

    private static MessyThrottle.Shape shapeOf(HttpResponse response) {
        HttpHeaders headers = response.getHeaders();
        String body = response.getBodyAsBinaryData().toString();
        boolean counters = headers.getValue(HttpHeaderName.fromString("x-ratelimit-remaining-requests")) != null;
        assertThat(headers.getValue(HttpHeaderName.fromString("apim-request-id"))).isEqualTo("id");
        String seconds = headers.getValue(HttpHeaderName.RETRY_AFTER);
        String millis = headers.getValue(HttpHeaderName.fromString("retry-after-ms"));
        String reset = headers.getValue(HttpHeaderName.fromString("x-ratelimit-reset-tokens"));
        String misspelt = headers.getValue(HttpHeaderName.fromString("x-rate-limit-reset-tokens"));
        if (body.contains("capacity")) {
            assertThat(counters).as("a capacity 429 speaks of no quota").isFalse();
            assertThat(millis).isEqualTo("1500");
            return MessyThrottle.Shape.CAPACITY;
        }
        assertThat(counters).as("the counters of the simulator's answer stay").isTrue();
        if (millis != null) {
            assertThat(seconds).isEqualTo("2");
            return MessyThrottle.Shape.CLEAN;
        }
        if (reset != null) {
            assertThat(reset).isEqualTo("2");
            assertThat(seconds).isNull();
            return MessyThrottle.Shape.RESET_TOKENS_ONLY;
        }
        if (misspelt != null) {
            assertThat(misspelt).isEqualTo("2");
            assertThat(seconds).isNull();
            return MessyThrottle.Shape.MISSPELT_RESET_TOKENS_ONLY;
        }
        if (seconds != null) {
            assertThat(seconds).as("whole seconds, rounded up").isEqualTo("2");
            return body.contains("Rate limit is exceeded") ? MessyThrottle.Shape.SHORT_BODY
                : MessyThrottle.Shape.SECONDS_ONLY;
        }
        return MessyThrottle.Shape.NO_DELAY;
    }

    private static Map<MessyThrottle.Shape, Integer> toInts(Map<MessyThrottle.Shape, Long> counts) {
        Map<MessyThrottle.Shape, Integer> ints = new EnumMap<>(MessyThrottle.Shape.class);
        counts.forEach((shape, count) -> ints.put(shape, count.intValue()));
        return ints;
    }

    private static HttpResponse canned(int status, HttpHeaders headers) {
        return new CannedHttpResponse(REQUEST, status, headers, "{}".getBytes(StandardCharsets.UTF_8));
    }
}
