// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {
    @Test
    void reachabilityIsCheckedThroughTheRunsOwnHttpClient() {
        List<String> sent = new ArrayList<>();
        HttpClient answering = request -> {
            sent.add(request.getHttpMethod() + " " + request.getUrl());
            return Mono.just(new EmptyResponse(request, 404));
        };
        HttpClient refusing = request -> Mono.error(new ConnectException("Connection refused: /10.0.0.1:443"));

        assertThat(Failures.unreachable(answering, "https://example.openai.azure.com", Duration.ofSeconds(1)))
            .as("any HTTP answer means reachable").isEmpty();
        assertThat(sent).containsExactly("GET https://example.openai.azure.com");
        assertThat(Failures.unreachable(refusing, "https://example.openai.azure.com", Duration.ofSeconds(1)))
            .contains("cannot reach endpoint https://example.openai.azure.com: connection refused");
    }

    /** A response without a body. */
    private static final class EmptyResponse extends HttpResponse {
        private final int status;

        EmptyResponse(HttpRequest request, int status) {
            super(request);
            this.status = status;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return null;
        }

        @Override
        public HttpHeaders getHeaders() {
            return new HttpHeaders();
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
    }
}
