// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.it.support.ClientWiring;
import io.github.openaipolicies.it.support.JournalAssertions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Quota;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 embedding calls at once through one shared {@code OpenAIAsyncClient} (install construction) against a
 * deployment under Azure's quota profile at 150,000 TPM (900 RPM: 150 requests per 10 s window): the first 150 are
 * admitted, the rest are told to wait until the window slides (about 10 s, the one wait this suite spends on a real
 * quota window). Every call ends with its embedding, no attempt is refused with 401, and every attempt carried
 * exactly one credential value.
 */
class ConcurrentEmbeddingsUnderRequestLimitTest {
    private static final String DEPLOYMENT = "bulk-embeddings";
    private static final int CALLS = 200;
    private static final int MAX_RETRIES = 1_000;
    /** 900 RPM, so 150 requests per 10 s: fewer than the burst, so it is always throttled. */
    private static final int TOKENS_PER_MINUTE = 150_000;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(Deployment.embeddings(DEPLOYMENT, "text-embedding-3-small")
            .withQuota(Quota.azure(TOKENS_PER_MINUTE))));

    @Test
    void twoHundredConcurrentCallsFinishWithoutA401() {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());
        // The 10 s window frees one slot at a time and says so to the millisecond, so the 50 waiting calls come back
        // together and most are refused again: a call may need many tries. Its budget is the timeout; the announced
        // wait (up to 10 s) must stay under the cap on Retry-After.
        RetryAfterOptions retryOptions = ClientWiring.retryOptions().setMaxRetries(MAX_RETRIES)
            .setMaxRetryAfter(Duration.ofSeconds(15))
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
