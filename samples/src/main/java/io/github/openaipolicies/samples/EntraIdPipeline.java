// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpPipeline;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A pipeline from {@link OpenAIPipelines#builder()} with a Microsoft Entra ID {@link TokenCredential}: the path where
 * a retry once sent {@code Authorization} twice.
 */
public final class EntraIdPipeline {
    private EntraIdPipeline() {
    }

    /**
     * Runs the sample against an in-process simulator.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            System.out.println(embed(simulator));
        }
    }

    /**
     * Embeds one text with a bearer token, while the simulator throttles the first tries.
     *
     * @param simulator the simulator to call
     * @return a one-line result: vector length, attempts and Authorization values per attempt
     */
    public static String embed(AzureOpenAISimulator simulator) {
        simulator.injectFault(Fault.tooManyRequests(Duration.ofSeconds(1)), 2);

        // Against a real resource: TokenCredential credential = new DefaultAzureCredentialBuilder().build();
        TokenCredential credential = request -> Mono.just(
            new AccessToken(AzureOpenAISimulator.DEFAULT_BEARER_TOKEN, OffsetDateTime.now().plusHours(1)));
        HttpPipeline pipeline = OpenAIPipelines.builder()
            .httpClient(simulator.httpClient())
            .credential(credential)
            .build();
        OpenAIClient client = new OpenAIClientBuilder().endpoint(simulator.endpoint()).pipeline(pipeline).buildClient();

        Embeddings embeddings = client.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT,
            new EmbeddingsOptions(List.of("A token, once per attempt.")));
        List<Integer> tokensPerAttempt = simulator.journal().entries().stream()
            .map(JournalEntry::authorizationValueCount).toList();
        return "EntraIdPipeline: vector length " + embeddings.getData().get(0).getEmbedding().size() + " after "
            + tokensPerAttempt.size() + " attempts, Authorization values per attempt " + tokensPerAttempt;
    }
}
