// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.RetryAfterOptions;
import io.github.openaipolicies.ThrottleGate;
import io.github.openaipolicies.ThrottleGatePolicy;
import io.github.openaipolicies.it.support.ClientWiring;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 concurrent embedding calls through the real {@code OpenAIClient} / {@code OpenAIAsyncClient} against a
 * deployment that allows 20 requests per one-second window, once without and once with a {@link ThrottleGate}:
 * with the gate, every call succeeds and the simulator serves at most a fifth of the 429s it serves without it.
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
        runSync(builder(null), SYNC_OFF);
        runSync(builder(ThrottleGate.create()), SYNC_ON);

        assertFewer429s(SYNC_OFF, SYNC_ON);
    }

    private static OpenAIClientBuilder builder(ThrottleGate gate) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());
        RetryAfterOptions retryOptions = ClientWiring.retryOptions().setMaxRetries(1_000)
            .setTimeout(Duration.ofSeconds(60));
        OpenAIPipelines.install(builder, retryOptions, ClientWiring.loggingOptions());
        if (gate != null) {
            builder.addPolicy(new ThrottleGatePolicy(gate));
        }
        return builder;
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

    private static void runSync(OpenAIClientBuilder builder, String deployment) throws Exception {
        OpenAIClient client = builder.buildClient();
        ExecutorService pool = Executors.newFixedThreadPool(CALLS);
        try {
            List<Future<Embeddings>> futures = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                EmbeddingsOptions options = new EmbeddingsOptions(List.of("chunk " + i));
                futures.add(pool.submit(() -> client.getEmbeddings(deployment, options)));
            }
            for (Future<Embeddings> future : futures) {
                assertThat(future.get(60, java.util.concurrent.TimeUnit.SECONDS).getData()).as(deployment).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertFewer429s(String off, String on) {
        long throttledOff = count(off, 429);
        long throttledOn = count(on, 429);
        System.out.printf("429s served: %s=%d, %s=%d%n", off, throttledOff, on, throttledOn);
        assertThat(count(off, 200)).isEqualTo(CALLS);
        assertThat(count(on, 200)).isEqualTo(CALLS);
        assertThat(throttledOff).as("the quota really throttled the calls without the gate").isGreaterThan(CALLS);
        assertThat(throttledOn * 5).as("429s with the gate (%d) against without (%d)", throttledOn, throttledOff)
            .isLessThanOrEqualTo(throttledOff);
    }

    private static long count(String deployment, int status) {
        return SIMULATOR.simulator().journal().entries(deployment).stream()
            .mapToInt(JournalEntry::status).filter(s -> s == status).count();
    }
}
