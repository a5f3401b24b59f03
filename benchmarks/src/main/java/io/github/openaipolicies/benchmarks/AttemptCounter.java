package io.github.openaipolicies.benchmarks;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.LongAdder;

/**
 * A per-try policy that counts the attempts a client puts on the wire and the 429 answers it sees, so a
 * {@link ThrottledIngest} row can check the simulator's journal against the client's own view; and the answers that
 * carried a rate-limit counter or a millisecond delay ({@code x-ratelimit-*}, {@code retry-after-ms}), which
 * {@code --faults sparse} promises there are none of.
 */
final class AttemptCounter implements HttpPipelinePolicy, AttemptCount {
    private final LongAdder attempts = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder withRateLimitHeaders = new LongAdder();

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        attempts.increment();
        return next.process().doOnNext(this::observe);
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        attempts.increment();
        HttpResponse response = next.processSync();
        observe(response);
        return response;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
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

    private void observe(HttpResponse response) {
        if (response.getStatusCode() == 429) {
            throttled.increment();
        }
        if (hasRateLimitHeader(response.getHeaders())) {
            withRateLimitHeaders.increment();
        }
    }

    static boolean hasRateLimitHeader(HttpHeaders headers) {
        for (HttpHeader header : headers) {
            if (AttemptCount.isRateLimitHeader(header.getName())) {
                return true;
            }
        }
        return false;
    }
}
