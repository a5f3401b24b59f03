// Licensed under the MIT License.
package io.github.openaipolicies.benchmarks;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The openai-java transport of {@code --faults messy}: as {@link MessyThrottleHttpClient} does for azure-core, every
 * throttling 429 of the simulator reaches the client in the next shape of a seeded {@link MessyThrottle} sequence;
 * every other answer passes through untouched.
 */
final class MessyThrottleOpenAIJavaClient implements HttpClient {
    private final HttpClient inner;
    private final MessyThrottle messy;

    /**
     * Wraps a transport.
     *
     * @param inner the simulator's transport
     * @param seed the seed of the shape sequence
     */
    MessyThrottleOpenAIJavaClient(HttpClient inner, long seed) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.messy = new MessyThrottle(seed);
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        return messUp(inner.execute(request, requestOptions));
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        return inner.executeAsync(request, requestOptions).thenApply(this::messUp);
    }

    @Override
    public void close() {
        inner.close();
    }

    /**
     * The counts of the shapes served so far as one line, e.g. {@code clean 3, no-delay 2, ...}.
     *
     * @return the line
     */
    String servedLine() {
        return messy.servedLine();
    }

    /**
     * How many 429s went out in each shape so far.
     *
     * @return the counts by shape
     */
    Map<MessyThrottle.Shape, Long> served() {
        return messy.served();
    }

    private HttpResponse messUp(HttpResponse response) {
        if (response.statusCode() != 429) {
            return response;
        }
        List<Map.Entry<String, String>> original = new ArrayList<>();
        Headers headers = response.headers();
        for (String name : headers.names()) {
            original.add(Map.entry(name, String.join(",", headers.values(name))));
        }
        response.close();
        MessyThrottle.Reshaped reshaped = messy.reshape(original);
        Headers.Builder rewritten = Headers.builder();
        reshaped.headers().forEach(header -> rewritten.replace(header.getKey(), header.getValue()));
        return new CannedOpenAIJavaResponse(429, rewritten.build(), reshaped.body());
    }
}
