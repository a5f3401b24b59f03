// Licensed under the MIT License.
package io.github.openaipolicies.benchmarks;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The azure-core transport of {@code --faults messy}: passes every answer of the simulator through, except that each
 * of its throttling 429s reaches the client (below every pipeline policy) in one of the messier shapes Azure OpenAI has
 * sent, chosen by a seeded random sequence ({@link MessyThrottle}), the i-th 429 of a run getting the i-th shape of
 * the sequence. The rate-limit counters of the simulator's answer are kept, except on a capacity 429, which speaks of
 * no quota.
 */
final class MessyThrottleHttpClient implements HttpClient {
    private final HttpClient inner;
    private final MessyThrottle messy;

    /**
     * Wraps a transport.
     *
     * @param inner the simulator's transport
     * @param seed the seed of the shape sequence
     */
    MessyThrottleHttpClient(HttpClient inner, long seed) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.messy = new MessyThrottle(seed);
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
    Map<MessyThrottle.Shape, Long> served() {
        return messy.served();
    }

    /**
     * The counts of {@link #served()} as one line, e.g. {@code clean 3, no-delay 2, ...}.
     *
     * @return the line
     */
    String servedLine() {
        return messy.servedLine();
    }

    private HttpResponse messUp(HttpResponse response) {
        if (response.getStatusCode() != 429) {
            return response;
        }
        List<Map.Entry<String, String>> original = new ArrayList<>();
        response.getHeaders().forEach(header -> original.add(Map.entry(header.getName(), header.getValue())));
        MessyThrottle.Reshaped reshaped = messy.reshape(original);
        HttpHeaders headers = new HttpHeaders();
        reshaped.headers().forEach(header -> headers.set(HttpHeaderName.fromString(header.getKey()), header.getValue()));
        HttpRequest request = response.getRequest();
        response.close();
        return new CannedHttpResponse(request, 429, headers, reshaped.body());
    }
}
