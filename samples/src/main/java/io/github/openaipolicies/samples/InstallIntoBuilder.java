// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;

import java.time.Duration;
import java.util.List;

/**
 * The standard way: build {@code OpenAIClient} as usual and pass the builder through {@link OpenAIPipelines#install}.
 */
public final class InstallIntoBuilder {
    private InstallIntoBuilder() {
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
     * Embeds one text through a builder with the policies installed, while the simulator throttles the first tries.
     *
     * @param simulator the simulator to call
     * @return a one-line result: vector length and attempts
     */
    public static String embed(AzureOpenAISimulator simulator) {
        // Play a throttled deployment: the next two calls get 429 with Retry-After: 1.
        simulator.injectFault(Fault.tooManyRequests(Duration.ofSeconds(1)), 2);

        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())          // https://<resource>.openai.azure.com
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());     // only because the simulator's certificate is self-signed
        OpenAIClient client = OpenAIPipelines.install(builder).buildClient();

        Embeddings embeddings = client.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT,
            new EmbeddingsOptions(List.of("Retry-After is a promise, not a suggestion.")));
        return "InstallIntoBuilder: vector length " + embeddings.getData().get(0).getEmbedding().size()
            + " after " + simulator.journal().size() + " attempts (" + simulator.journal().count(429) + " got 429)";
    }
}
