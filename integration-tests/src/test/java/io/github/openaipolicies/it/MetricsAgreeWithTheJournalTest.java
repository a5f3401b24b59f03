// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.RecordingMeterProvider;
import io.github.openaipolicies.it.support.TightQuota;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 48 concurrent embedding calls through the real {@code OpenAIClient} / {@code OpenAIAsyncClient} against a
 * deployment that allows 12 requests per one-second window, without a gate so that many attempts are refused: the
 * attempts metric counts exactly the 429s and the successes the simulator's journal shows it served.
 */
class MetricsAgreeWithTheJournalTest {
    private static final int CALLS = 48;
    private static final int REQUESTS_PER_WINDOW = 12;
    private static final String ASYNC = "metrics-async";
    private static final String SYNC = "metrics-sync";
    private static final String ATTEMPTS = "openai.pipeline.attempts";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(ASYNC, REQUESTS_PER_WINDOW, 0).deployment(SYNC, REQUESTS_PER_WINDOW, 0)
            .window(Duration.ofSeconds(1)));

    private final RecordingMeterProvider recorder = new RecordingMeterProvider();

    @Test
    void asyncAttemptsCountedAsRefusedEqualThe429sServed() {
        OpenAIAsyncClient client = builder().buildAsyncClient();

        List<Embeddings> results = Flux.range(0, CALLS)
            .flatMap(i -> client.getEmbeddings(ASYNC, new EmbeddingsOptions(List.of("chunk " + i))), CALLS)
            .collectList()
            .block(Duration.ofSeconds(60));

        assertThat(results).hasSize(CALLS);
        assertAttemptsMatchTheJournal(ASYNC);
    }

    @Test
    void syncAttemptsCountedAsRefusedEqualThe429sServed() throws Exception {
        TightQuota.runSync(builder().buildClient(), SYNC, CALLS);

        assertAttemptsMatchTheJournal(SYNC);
    }

    private OpenAIClientBuilder builder() {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());
        return OpenAIPipelines.install(builder, TightQuota.options().setThrottleGate(null)
            .setMetricsOptions(recorder.options()));
    }

    private void assertAttemptsMatchTheJournal(String deployment) {
        List<JournalEntry> served = SIMULATOR.simulator().journal().entries(deployment);
        long served429 = served.stream().filter(entry -> entry.status() == 429).count();
        long served200 = served.stream().filter(entry -> entry.status() == 200).count();
        Map<String, Object> ofDeployment = Map.of("openai.deployment", deployment);
        System.out.printf("%s: 429s served %d, counted %d%n", deployment, served429,
            recorder.sum(ATTEMPTS, Map.of("openai.deployment", deployment, "status_class", "4xx")));

        assertThat(served429).as("the quota really throttled the calls").isPositive();
        assertThat(served).as("the simulator served only 200s and 429s").hasSize((int) (served429 + served200));
        assertThat(recorder.sum(ATTEMPTS, Map.of("openai.deployment", deployment, "status_class", "4xx")))
            .as("429s counted").isEqualTo(served429);
        assertThat(recorder.sum(ATTEMPTS, Map.of("openai.deployment", deployment, "status_class", "2xx")))
            .as("successes counted").isEqualTo(served200).isEqualTo(CALLS);
        assertThat(recorder.sum(ATTEMPTS, ofDeployment)).as("every attempt counted").isEqualTo(served.size());
        assertThat(recorder.sum(ATTEMPTS, Map.of("openai.deployment", deployment, "retry", false)))
            .as("first attempts").isEqualTo(CALLS);
        assertThat(recorder.sum("openai.pipeline.retries", ofDeployment)).as("retries").isEqualTo(served429);
    }
}
