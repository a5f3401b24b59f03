// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RetryAfterPolicy} looks at the headers of an error answer only: a success, every attempt's usual answer, is
 * decided by its status alone, so the policy does not wrap its headers for the core at all.
 */
class RetryAfterPolicyHeaderReadsTest {
    private static final String URL = "https://example.openai.azure.com/openai/deployments/d/embeddings";

    @Test
    void theHeadersOfASuccessAreNotReadOnTheSyncPath() {
        CountingResponse answer = new CountingResponse(200);
        try (HttpResponse response = pipeline(answer).sendSync(request(), Context.NONE)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
        assertThat(answer.headerReads.get()).isZero();
    }

    @Test
    void theHeadersOfASuccessAreNotReadOnTheAsyncPath() {
        CountingResponse answer = new CountingResponse(200);
        assertThat(pipeline(answer).send(request()).map(HttpResponse::getStatusCode).block()).isEqualTo(200);
        assertThat(answer.headerReads.get()).isZero();
    }

    @Test
    void theHeadersOfAnErrorAnswerAreRead() {
        // The counter works: a 400 (not retried) is decided with its headers (x-should-retry) on both paths.
        CountingResponse sync = new CountingResponse(400);
        try (HttpResponse response = pipeline(sync).sendSync(request(), Context.NONE)) {
            assertThat(response.getStatusCode()).isEqualTo(400);
        }
        CountingResponse async = new CountingResponse(400);
        assertThat(pipeline(async).send(request()).map(HttpResponse::getStatusCode).block()).isEqualTo(400);
        assertThat(sync.headerReads.get()).isPositive();
        assertThat(async.headerReads.get()).isPositive();
    }

    private static HttpPipeline pipeline(CountingResponse answer) {
        return new HttpPipelineBuilder()
            .httpClient(StreamedResponse.client(answer::to))
            .policies(new RetryAfterPolicy(new RetryAfterOptions().setMaxRetries(0)))
            .build();
    }

    private static HttpRequest request() {
        return new HttpRequest(HttpMethod.POST, URL);
    }

    /** Answers every request with a fixed status, counting how often the headers of its answers are asked for. */
    private static final class CountingResponse {
        private final int status;
        private final HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.CONTENT_LENGTH, "0");
        private final AtomicInteger headerReads = new AtomicInteger();

        CountingResponse(int status) {
            this.status = status;
        }

        HttpResponse to(HttpRequest request) {
            return new HttpResponse(request) {
                @Override
                public int getStatusCode() {
                    return status;
                }

                @Override
                @Deprecated
                public String getHeaderValue(String name) {
                    headerReads.incrementAndGet();
                    return headers.getValue(HttpHeaderName.fromString(name));
                }

                @Override
                public HttpHeaders getHeaders() {
                    headerReads.incrementAndGet();
                    return headers;
                }

                @Override
                public Flux<ByteBuffer> getBody() {
                    return Flux.empty();
                }

                @Override
                public Mono<byte[]> getBodyAsByteArray() {
                    return Mono.just(new byte[0]);
                }

                @Override
                public Mono<String> getBodyAsString() {
                    return Mono.just("");
                }

                @Override
                public Mono<String> getBodyAsString(Charset charset) {
                    return Mono.just("");
                }
            };
        }
    }
}
