package io.github.openaipolicies.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// docs/testkit.md shows this class from the @ExtendWith line on, verbatim (ReadmeTest checks it).
@ExtendWith(AzureOpenAISimulatorExtension.class)
class OpenAIJavaExampleTest {

    @Test
    void openAIJavaAgainstTheSimulator(AzureOpenAISimulator simulator) {
        OpenAIClient client = OpenAIOkHttpClient.builder()
            .baseUrl(simulator.endpoint() + "/openai/v1") // Azure OpenAI's v1 API
            .credential(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY)) // header api-key
            .sslSocketFactory(simulator.sslContext().getSocketFactory()) // trust the simulator's certificate
            .trustManager(simulator.trustManager())
            .build();

        try {
            CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT) // the deployment's name
                .input("hello")
                .build());
            ChatCompletion chat = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT)
                .addUserMessage("hi")
                .build());

            assertThat(embeddings.data()).hasSize(1);
            assertThat(chat.choices()).hasSize(1);
            assertThat(simulator.journal().entries())
                .extracting(JournalEntry::operation, JournalEntry::deployment, JournalEntry::status)
                .containsExactly(
                    tuple(Operation.AZURE_V1_EMBEDDINGS, AzureOpenAISimulator.DEFAULT_DEPLOYMENT, 200),
                    tuple(Operation.AZURE_V1_CHAT_COMPLETIONS, AzureOpenAISimulator.DEFAULT_DEPLOYMENT, 200));
        } finally {
            client.close(); // its OkHttp threads and connections
        }
    }
}
