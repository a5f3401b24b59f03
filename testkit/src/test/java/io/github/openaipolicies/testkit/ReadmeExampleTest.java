package io.github.openaipolicies.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// README.md shows this class from the @ExtendWith line on, verbatim (ReadmeTest checks it).
@ExtendWith(AzureOpenAISimulatorExtension.class)
class ReadmeExampleTest {

    @Test
    void embedsAgainstTheSimulator(AzureOpenAISimulator simulator) {
        OpenAIClient client = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient())
            .buildClient();

        client.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, new EmbeddingsOptions(List.of("hello")));

        assertThat(simulator.journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(200);
            assertThat(entry.apiKeyValueCount()).isEqualTo(1);
        });
    }
}
