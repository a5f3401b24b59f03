// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.it.support.JournalAssertions;
import io.github.openaipolicies.it.support.SpringAiCalls;
import io.github.openaipolicies.it.support.TightQuota;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.azure.openai.AzureOpenAiEmbeddingModel;
import org.springframework.ai.azure.openai.AzureOpenAiEmbeddingOptions;
import org.springframework.ai.document.MetadataMode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI without Spring Boot: {@code new AzureOpenAiEmbeddingModel(OpenAIClient, ...)} over a client built with
 * {@link OpenAIPipelines#install}, 64 sync calls at once against a deployment that allows 8 requests per second,
 * with no throttle gate so that the quota really answers 429s (the stock retry, 3 retries, fails some of these
 * calls): every text is embedded, no attempt is refused with 401, and every attempt carried one api-key value.
 */
class SpringAiWithoutBootTest {
    private static final int CALLS = 64;
    private static final String DEPLOYMENT = "spring-ai-no-boot";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(DEPLOYMENT, 8, 0).window(Duration.ofSeconds(1)));

    @Test
    void everyTextIsEmbeddedUnderThrottlingWithoutA401() throws Exception {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClient client = OpenAIPipelines.install(new OpenAIClientBuilder()
                .endpoint(simulator.endpoint())
                .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
                .httpClient(simulator.httpClient()),
            TightQuota.options().setThrottleGate(null))
            .buildClient();
        AzureOpenAiEmbeddingModel model = new AzureOpenAiEmbeddingModel(client, MetadataMode.EMBED,
            AzureOpenAiEmbeddingOptions.builder().deploymentName(DEPLOYMENT).build());

        List<float[]> vectors = SpringAiCalls.embedConcurrently(model, SpringAiCalls.texts(CALLS), 16);

        assertThat(vectors).hasSize(CALLS)
            .allSatisfy(vector -> assertThat(vector).hasSize(AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS));
        List<JournalEntry> entries = simulator.journal().entries(DEPLOYMENT);
        assertThat(entries).extracting(JournalEntry::status).doesNotContain(401)
            .as("the quota throttled the calls").contains(429);
        assertThat(entries).filteredOn(entry -> entry.status() == 200).hasSize(CALLS);
        JournalAssertions.assertOneCredentialPerAttempt(entries, JournalEntry.API_KEY);
    }
}
