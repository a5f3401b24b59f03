package io.github.openaipolicies.benchmarks;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The openai-java counterpart of {@link AttemptCounter}: a transport wrapper below openai-java's retry (and below any
 * per-attempt wrapper of a row), so it sees every attempt the client puts on the wire and every answer, the 429s and
 * those with a rate-limit header among them.
 */
final class OpenAIJavaAttemptCounter implements HttpClient, AttemptCount {
    private final HttpClient inner;
    private final LongAdder attempts = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder withRateLimitHeaders = new LongAdder();

    /**
     * Wraps a transport.
     *
     * @param inner the transport that reaches the simulator
     */
    OpenAIJavaAttemptCounter(HttpClient inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        attempts.increment();
        return observe(inner.execute(request, requestOptions));
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        attempts.increment();
        return inner.executeAsync(request, requestOptions).thenApply(this::observe);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public long attempts() {
        return attempts.sum();
    }

    @Override
    public long throttled() {
        return throttled.sum();
    }

    @Override
    public long withRateLimitHeaders() {
        return withRateLimitHeaders.sum();
    }

    private HttpResponse observe(HttpResponse response) {
        if (response.statusCode() == 429) {
            throttled.increment();
        }
        if (response.headers().names().stream().anyMatch(AttemptCount::isRateLimitHeader)) {
            withRateLimitHeaders.increment();
        }
        return response;
    }
}
