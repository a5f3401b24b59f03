// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AttemptCountingTransport} over a transport whose answers the test completes by hand. */
class AttemptCountingTransportTest {
    private final RunStats stats = new RunStats(() -> 0L);
    private final HandTransport transport = new HandTransport();
    private final AttemptCountingTransport counting = new AttemptCountingTransport(transport, stats);

    @Test
    void anAttemptIsCountedBeforeTheCallerSeesItsAnswer() {
        CompletableFuture<HttpResponse> answer = counting.executeAsync(request("0"), RequestOptions.none());
        long[] seenByCaller = new long[2];
        answer.thenAccept(response -> {
            seenByCaller[0] = stats.snapshot().attempts();
            seenByCaller[1] = stats.snapshot().throttled();
        });

        transport.pending.complete(response(429));

        assertThat(seenByCaller).containsExactly(1, 1);
        assertThat(stats.snapshot().retries()).isZero();
    }

    @Test
    void aRetryIsToldByTheRetryCountHeader() {
        counting.executeAsync(request("2"), RequestOptions.none());
        transport.pending.complete(response(200));

        assertThat(stats.snapshot().attempts()).isEqualTo(1);
        assertThat(stats.snapshot().retries()).isEqualTo(1);
    }

    @Test
    void cancellingTheReturnedFutureCancelsTheRequestAndCountsNothing() {
        CompletableFuture<HttpResponse> answer = counting.executeAsync(request("0"), RequestOptions.none());

        assertThat(answer.cancel(true)).isTrue();

        assertThat(transport.pending).isCancelled();
        assertThat(stats.snapshot().attempts()).isZero();
    }

    @Test
    void aSyncAttemptIsCountedToo() {
        transport.pending.complete(response(503));

        counting.execute(request("1"), RequestOptions.none());

        assertThat(stats.snapshot().attempts()).isEqualTo(1);
        assertThat(stats.snapshot().retries()).isEqualTo(1);
    }

    private static HttpRequest request(String retryCount) {
        return HttpRequest.builder().method(HttpMethod.POST).baseUrl("https://contoso.openai.azure.com")
            .addPathSegments("openai", "v1", "embeddings")
            .putHeader(AttemptCountingTransport.RETRY_COUNT, retryCount).build();
    }

    private static HttpResponse response(int status) {
        return new HttpResponse() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public Headers headers() {
                return Headers.builder().build();
            }

            @Override
            public InputStream body() {
                return new ByteArrayInputStream(new byte[0]);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Hands out one future the test completes or inspects. */
    private static final class HandTransport implements HttpClient {
        final CompletableFuture<HttpResponse> pending = new CompletableFuture<>();

        @Override
        public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
            return pending.join();
        }

        @Override
        public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
            return pending;
        }

        @Override
        public void close() {
        }
    }
}
