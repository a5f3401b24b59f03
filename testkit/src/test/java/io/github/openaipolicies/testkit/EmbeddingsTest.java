package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.azure;
import static io.github.openaipolicies.testkit.SimulatorClients.embeddingsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.EmbeddingItem;
import com.azure.ai.openai.models.Embeddings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** 200 embeddings of the configured length, the same vector for the same input, through every kind of client. */
class EmbeddingsTest {

    private static final int DIMENSIONS = 48;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR =
        new AzureOpenAISimulatorExtension(AzureOpenAISimulator.builder().embeddingDimensions(DIMENSIONS));

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void everyKindOfClientGetsEmbeddingsOfTheConfiguredLength(HttpClientKind kind) {
        OpenAIClient client = azure(SIMULATOR.simulator(), kind).buildClient();

        Embeddings embeddings = client.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT,
            embeddingsOf("first", "second"));

        assertThat(embeddings.getData()).hasSize(2);
        assertThat(embeddings.getData()).extracting(EmbeddingItem::getPromptIndex).containsExactly(0, 1);
        assertThat(embeddings.getData()).allSatisfy(item -> assertThat(item.getEmbedding()).hasSize(DIMENSIONS));
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.status()).isEqualTo(200));
    }

    @Test
    void sameInputGivesTheSameVectorAndDifferentInputsDiffer() {
        OpenAIClient client = azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildClient();

        List<Float> hello = vectorOf(client, "hello");
        List<Float> helloAgain = vectorOf(client, "hello");
        List<Float> world = vectorOf(client, "world");

        assertThat(helloAgain).isEqualTo(hello);
        assertThat(world).isNotEqualTo(hello);
        assertThat(hello).anySatisfy(value -> assertThat(value).isNotZero());
    }

    @Test
    void asyncClientGetsTheSameVectorAsTheSyncClient() {
        OpenAIAsyncClient asyncClient = azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildAsyncClient();
        List<Float> syncVector = vectorOf(azure(SIMULATOR.simulator(), HttpClientKind.OKHTTP).buildClient(), "hello");

        StepVerifier.create(asyncClient.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, embeddingsOf("hello")))
            .assertNext(embeddings -> {
                assertThat(embeddings.getData()).singleElement()
                    .satisfies(item -> assertThat(item.getEmbedding()).isEqualTo(syncVector));
            })
            .verifyComplete();
        assertThat(SIMULATOR.simulator().journal().count(200)).isEqualTo(2);
    }

    @Test
    void embeddingsReportTokenUsage() {
        Embeddings embeddings = azure(SIMULATOR.simulator(), HttpClientKind.JDK).buildClient()
            .getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, embeddingsOf("a few words of input"));

        assertThat(embeddings.getUsage().getPromptTokens()).isPositive();
        assertThat(embeddings.getUsage().getTotalTokens()).isEqualTo(embeddings.getUsage().getPromptTokens());
    }

    private static List<Float> vectorOf(OpenAIClient client, String input) {
        return client.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, embeddingsOf(input))
            .getData().get(0).getEmbedding();
    }
}
