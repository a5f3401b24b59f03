// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.RetryPolicy;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A pipeline built by hand, Kernel Memory style (its own retry, its own HTTP client), made safe with
 * {@link OpenAIPipelines#harden}: its retry is replaced by {@code RetryAfterPolicy}, and one credential per attempt is
 * enforced.
 */
public final class HandBuiltPipeline {
    private HandBuiltPipeline() {
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
     * Embeds one text through a hardened hand-built pipeline, while the simulator throttles the first tries.
     *
     * @param simulator the simulator to call
     * @return a one-line result: vector length, attempts, credentials per attempt and the hardened policies
     */
    public static String embed(AzureOpenAISimulator simulator) {
        simulator.injectFault(Fault.tooManyRequests(Duration.ofSeconds(1)), 2);

        HttpPipeline handBuilt = new HttpPipelineBuilder()
            .httpClient(simulator.httpClient())
            .policies(new RetryPolicy(new FixedDelay(3, Duration.ofSeconds(1))),
                new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY)))
            .build();
        HttpPipeline hardened = OpenAIPipelines.harden(handBuilt);
        // .pipeline(...) makes the builder ignore its own credential, retry and logging settings.
        OpenAIClient client = new OpenAIClientBuilder().endpoint(simulator.endpoint()).pipeline(hardened).buildClient();

        Embeddings embeddings = client.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT,
            new EmbeddingsOptions(List.of("One credential per attempt.")));
        List<Integer> keysPerAttempt = simulator.journal().entries().stream()
            .map(JournalEntry::apiKeyValueCount).toList();
        List<String> policies = IntStream.range(0, hardened.getPolicyCount())
            .mapToObj(i -> hardened.getPolicy(i).getClass().getSimpleName()).toList();
        return "HandBuiltPipeline: vector length " + embeddings.getData().get(0).getEmbedding().size() + " after "
            + keysPerAttempt.size() + " attempts, api-key values per attempt " + keysPerAttempt + ", policies "
            + policies;
    }
}
