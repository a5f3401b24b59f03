// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.RetryAfterOptions;
import io.github.openaipolicies.it.support.ClientWiring;
import io.github.openaipolicies.it.support.JournalAssertions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 embedding calls at once through one shared {@code OpenAIAsyncClient} (install construction) against a
 * deployment that allows 20 requests per one-second window: every call ends with its embedding, no attempt is
 * refused with 401, and every attempt carried exactly one credential value.
 */
class ConcurrentEmbeddingsUnderRequestLimitTest {
    private static final String DEPLOYMENT = "bulk-embeddings";
    private static final int CALLS = 200;
    private static final int MAX_RETRIES = 1_000;
    /** Low enough that even a slow machine sends faster than this, so the burst is always throttled. */
    private static final int REQUESTS_PER_WINDOW = 20;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(DEPLOYMENT, REQUESTS_PER_WINDOW, 0).window(Duration.ofSeconds(1)));

    @Test
    void twoHundredConcurrentCallsFinishWithoutA401() {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());
        // The simulator's sliding window frees one slot at a time and says so to the millisecond, so 180 waiting calls
        // come back together and most are refused again: a call may need many tries. Its budget is the timeout.
        RetryAfterOptions retryOptions = ClientWiring.retryOptions().setMaxRetries(MAX_RETRIES)
            .setTimeout(Duration.ofSeconds(60));
        OpenAIAsyncClient client = OpenAIPipelines.install(builder, retryOptions, ClientWiring.loggingOptions())
            .buildAsyncClient();

        List<Embeddings> results = Flux.range(0, CALLS)
            .flatMap(i -> client.getEmbeddings(DEPLOYMENT, new EmbeddingsOptions(List.of("chunk " + i))), CALLS)
            .collectList()
            .block(Duration.ofSeconds(90));

        assertThat(results).hasSize(CALLS).allSatisfy(embeddings -> assertThat(embeddings.getData()).hasSize(1));
        List<JournalEntry> entries = simulator.journal().entries(DEPLOYMENT);
        assertThat(simulator.journal().count(401)).as("attempts refused with 401").isZero();
        assertThat(simulator.journal().count(200)).as("successful attempts").isEqualTo(CALLS);
        assertThat(simulator.journal().countsByStatus().keySet()).as("statuses seen").containsOnly(200, 429);
        assertThat(simulator.journal().count(429)).as("the limit really throttled the burst").isPositive();
        JournalAssertions.assertOneCredentialPerAttempt(entries, JournalEntry.API_KEY);
    }
}
