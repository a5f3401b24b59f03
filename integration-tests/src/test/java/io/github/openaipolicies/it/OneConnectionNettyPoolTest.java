// Licensed under the MIT License.
package io.github.openaipolicies.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.core.util.Context;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.implementation.SimulatorTls;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.netty.resources.ConnectionProvider;

/**
 * No connection leaks: {@value #CALLS} calls, each retried once (a 429 or a 503, then a 200), through azure-core's
 * Netty client whose pool holds a single connection. Calls go through the pipeline directly, so no one reads a
 * discarded answer's body eagerly: only closing the 503 (whose large body cannot arrive unread) gives the connection
 * back, and a response the retry failed to close would make the next call wait for the pool forever (cut short by the
 * preemptive timeout).
 */
class OneConnectionNettyPoolTest {
    private static final int CALLS = 500;
    private static final Duration ALL_CALLS_WITHIN = Duration.ofSeconds(60);
    /**
     * A 503 with a body too large to arrive unread (256 KiB): its connection is busy until the response is closed.
     * (A 429's body is read by the retry, for its error code, so only the 503 can leak.)
     */
    private static final Fault UNAVAILABLE = Fault.status(503).withBody("{\"error\":{\"code\":\"503\",\"message\":\""
        + "x".repeat(256 * 1024) + "\"}}");

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder());

    @Test
    void fiveHundredRetriedCallsThroughAPoolOfOneConnectionAllComplete() throws Exception {
        ConnectionProvider pool = ConnectionProvider.builder("one-connection").maxConnections(1)
            .pendingAcquireMaxCount(-1).build();
        try {
            HttpPipeline pipeline = OpenAIPipelines.builder()
                .httpClient(netty(pool))
                .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
                .retryOptions(new RetryAfterOptions().setBaseDelay(Duration.ofMillis(1))
                    .setMaxDelay(Duration.ofMillis(5)))
                .throttleGate(null)
                .build();
            AzureOpenAISimulator simulator = SIMULATOR.simulator();

            assertTimeoutPreemptively(ALL_CALLS_WITHIN, () -> {
                for (int call = 0; call < CALLS; call++) {
                    simulator.injectFault(call % 2 == 0 ? Fault.tooManyRequests(Duration.ofMillis(1))
                        : UNAVAILABLE, 1);
                    try (HttpResponse response = send(pipeline, simulator, call, call % 4 < 2)) {
                        assertThat(response.getStatusCode()).as("call %d", call).isEqualTo(200);
                        assertThat(response.getBodyAsString().block()).contains("\"embedding\"");
                    }
                }
            });

            assertThat(simulator.journal().countsByStatus())
                .isEqualTo(Map.of(429, (long) CALLS / 2, 503, (long) CALLS / 2, 200, (long) CALLS));
        } finally {
            pool.dispose();
        }
    }

    private static HttpResponse send(HttpPipeline pipeline, AzureOpenAISimulator simulator, int call, boolean sync) {
        HttpRequest request = new HttpRequest(HttpMethod.POST, simulator.endpoint() + "/openai/deployments/"
            + AzureOpenAISimulator.DEFAULT_DEPLOYMENT + "/embeddings?api-version=2024-06-01")
            .setHeader(com.azure.core.http.HttpHeaderName.CONTENT_TYPE, "application/json")
            .setBody("{\"input\":\"call " + call + "\"}");
        return sync ? pipeline.sendSync(request, Context.NONE) : pipeline.send(request).block();
    }

    private static HttpClient netty(ConnectionProvider pool) throws Exception {
        SslContext ssl = SslContextBuilder.forClient().trustManager(SimulatorTls.trustManager()).build();
        return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create(pool)
            .secure(spec -> spec.sslContext(ssl)))
            .configuration(Configuration.NONE)
            .build();
    }
}
