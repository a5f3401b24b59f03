// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Objects;

/**
 * Skeleton: guarantees at most one value per credential header on every attempt.
 */
public final class DedupeAuthPolicy implements HttpPipelinePolicy {
    private final List<HttpHeaderName> guardedHeaders;

    /** Guards {@code Authorization} and {@code api-key}. */
    public DedupeAuthPolicy() {
        this(HttpHeaderName.AUTHORIZATION, HttpHeaderName.fromString("api-key"));
    }

    /**
     * Guards the given headers.
     *
     * @param guardedHeaders the credential headers to guard
     */
    public DedupeAuthPolicy(HttpHeaderName... guardedHeaders) {
        Objects.requireNonNull(guardedHeaders, "'guardedHeaders' cannot be null.");
        this.guardedHeaders = List.of(guardedHeaders);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return next.processSync();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }
}
