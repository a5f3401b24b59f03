package io.github.openaipolicies.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// docs/testkit.md shows this class from the @ExtendWith line on, verbatim (ReadmeTest checks it).
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

    @Test
    void throttlesLikeAzure() {
        // 1,000 TPM: 6 RPM, counted as 1 request per 10 s window
        try (AzureOpenAISimulator azure = AzureOpenAISimulator.builder()
                .deployment(Deployment.embeddings("emb", "text-embedding-3-small").withTokensPerMinute(1_000))
                .start()) {
            OpenAIClient client = new OpenAIClientBuilder()
                .endpoint(azure.endpoint())
                .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
                .httpClient(azure.httpClient())
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();

            client.getEmbeddings("emb", new EmbeddingsOptions(List.of("hello")));

            assertThatThrownBy(() -> client.getEmbeddings("emb", new EmbeddingsOptions(List.of("again"))))
                .isInstanceOfSatisfying(HttpResponseException.class,
                    e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(429));
        }
    }
}
