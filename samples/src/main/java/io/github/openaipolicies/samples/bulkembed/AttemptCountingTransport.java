// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The openai-java twin of {@link AttemptCountingPolicy}: a transport under {@code OpenAIJavaPolicies.wrap} that
 * counts every HTTP attempt and its status into {@link RunStats}. The wrapper numbers each attempt in openai-java's
 * {@value #RETRY_COUNT} header (0 for a call's first try), which tells a retry from a first try.
 */
public final class AttemptCountingTransport implements HttpClient {
    /** openai-java's header for the number of tries of a call before this one. */
    static final String RETRY_COUNT = "x-stainless-retry-count";

    private final HttpClient transport;
    private final RunStats stats;

    /**
     * Counts the attempts sent through a transport.
     *
     * @param transport the transport that sends them
     * @param stats where to count
     */
    public AttemptCountingTransport(HttpClient transport, RunStats stats) {
        this.transport = transport;
        this.stats = stats;
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        boolean retry = isRetry(request);
        try {
            HttpResponse response = transport.execute(request, requestOptions);
            stats.attempt(response.statusCode(), retry);
            return response;
        } catch (RuntimeException e) {
            stats.attempt(0, retry);
            throw e;
        }
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        boolean retry = isRetry(request);
        CompletableFuture<HttpResponse> response = transport.executeAsync(request, requestOptions);
        // counted before the caller sees the answer (a callback on the transport's future would run after the
        // caller's, which may already have ended the run), and cancelling what is returned cancels the request
        CompletableFuture<HttpResponse> counted = response.whenComplete((answer, error) -> {
            if (!(error instanceof CancellationException)) {
                stats.attempt(error == null ? answer.statusCode() : 0, retry);
            }
        });
        counted.whenComplete((answer, error) -> {
            if (counted.isCancelled()) {
                response.cancel(true);
            }
        });
        return counted;
    }

    private static boolean isRetry(HttpRequest request) {
        List<String> count = request.headers().values(RETRY_COUNT);
        return !count.isEmpty() && !"0".equals(count.get(0));
    }

    @Override
    public void close() {
        transport.close();
    }
}
