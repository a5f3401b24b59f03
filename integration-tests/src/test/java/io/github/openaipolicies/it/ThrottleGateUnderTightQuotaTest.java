// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.it.support.TightQuota;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 concurrent embedding calls through the real {@code OpenAIClient} / {@code OpenAIAsyncClient} against a
 * deployment that allows 20 requests per one-second window, once without and once with a {@link ThrottleGate}
 * ({@code install(builder, OpenAIPipelineOptions)} with a gate of its own, so no other test's state interferes): with
 * the gate, every call succeeds and the simulator serves at most a fifth of the 429s it serves without it.
 */
class ThrottleGateUnderTightQuotaTest {
    private static final int CALLS = 64;
    private static final int REQUESTS_PER_WINDOW = 20;
    private static final String ASYNC_OFF = "async-gate-off";
    private static final String ASYNC_ON = "async-gate-on";
    private static final String SYNC_OFF = "sync-gate-off";
    private static final String SYNC_ON = "sync-gate-on";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(ASYNC_OFF, REQUESTS_PER_WINDOW, 0).deployment(ASYNC_ON, REQUESTS_PER_WINDOW, 0)
            .deployment(SYNC_OFF, REQUESTS_PER_WINDOW, 0).deployment(SYNC_ON, REQUESTS_PER_WINDOW, 0)
            .window(Duration.ofSeconds(1)));

    @Test
    void asyncCallsWithTheGateSeeAtMostAFifthOfThe429sWithoutIt() {
        runAsync(builder(null), ASYNC_OFF);
        runAsync(builder(ThrottleGate.create()), ASYNC_ON);

        assertFewer429s(ASYNC_OFF, ASYNC_ON);
    }

    @Test
    void syncCallsWithTheGateSeeAtMostAFifthOfThe429sWithoutIt() throws Exception {
        TightQuota.runSync(builder(null).buildClient(), SYNC_OFF, CALLS);
        TightQuota.runSync(builder(ThrottleGate.create()).buildClient(), SYNC_ON, CALLS);

        assertFewer429s(SYNC_OFF, SYNC_ON);
    }

    private static OpenAIClientBuilder builder(ThrottleGate gate) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());
        return OpenAIPipelines.install(builder, TightQuota.options().setThrottleGate(gate));
    }

    private static void runAsync(OpenAIClientBuilder builder, String deployment) {
        OpenAIAsyncClient client = builder.buildAsyncClient();
        List<Embeddings> results = Flux.range(0, CALLS)
            .flatMap(i -> client.getEmbeddings(deployment, new EmbeddingsOptions(List.of("chunk " + i))), CALLS)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(results).as(deployment).hasSize(CALLS)
            .allSatisfy(embeddings -> assertThat(embeddings.getData()).hasSize(1));
    }

    private static void assertFewer429s(String off, String on) {
        TightQuota.assertFewer429s(SIMULATOR.simulator(), off, on, CALLS, 5);
    }
}
