package io.github.openaipolicies.benchmarks;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The openai-java counterpart of {@link CannedHttpClient}: a no-network {@link HttpClient} that answers every request
 * at once with 200, the same headers and the same small embeddings body, so a benchmark through it measures
 * openai-java's own work per call (and that of any per-attempt wrapper above it) and nothing else.
 */
final class CannedOpenAIJavaHttpClient implements HttpClient {
    private static final byte[] BODY_BYTES = CannedHttpClient.BODY.getBytes(StandardCharsets.UTF_8);

    private final Headers headers = Headers.builder()
        .put("Content-Type", "application/json")
        .put("Content-Length", Integer.toString(BODY_BYTES.length))
        .put("apim-request-id", "00000000-0000-0000-0000-000000000000")
        .put("x-ms-region", "Sweden Central")
        .put("x-ratelimit-remaining-requests", "119")
        .put("x-ratelimit-remaining-tokens", "119990")
        .build();
    private final LongAdder requests = new LongAdder();

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        return answer();
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        return CompletableFuture.completedFuture(answer());
    }

    @Override
    public void close() {
        // nothing to release: no connection, no thread
    }

    /**
     * The requests answered so far.
     *
     * @return the count
     */
    long requests() {
        return requests.sum();
    }

    private HttpResponse answer() {
        requests.increment();
        return new CannedOpenAIJavaResponse(200, headers, BODY_BYTES);
    }
}
