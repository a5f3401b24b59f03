package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTest {

    @Test
    void azureEmbeddingsNamesTheDeploymentAndApiVersion() {
        Route route = Route.of("POST", "/openai/deployments/emb%2D1/embeddings?x=1&api-version=2024-06-01");
        assertThat(route).isEqualTo(new Route(Operation.EMBEDDINGS, "emb-1", "2024-06-01"));
    }

    @Test
    void azureChatCompletions() {
        assertThat(Route.of("POST", "/openai/deployments/gpt/chat/completions").operation())
            .isEqualTo(Operation.CHAT_COMPLETIONS);
    }

    @Test
    void openAIShapeHasNoPathDeployment() {
        assertThat(Route.of("POST", "/v1/embeddings")).isEqualTo(new Route(Operation.OPENAI_EMBEDDINGS, null, null));
        assertThat(Route.of("POST", "/v1/chat/completions").operation()).isEqualTo(Operation.OPENAI_CHAT_COMPLETIONS);
    }

    @Test
    void azureV1ShapeHasNoPathDeploymentAndAnOptionalApiVersion() {
        assertThat(Route.of("POST", "/openai/v1/embeddings"))
            .isEqualTo(new Route(Operation.AZURE_V1_EMBEDDINGS, null, null));
        assertThat(Route.of("POST", "/openai/v1/chat/completions?api-version=preview"))
            .isEqualTo(new Route(Operation.AZURE_V1_CHAT_COMPLETIONS, null, "preview"));
    }

    @Test
    void azureV1ShapeOperationsTakeTheDeploymentFromTheModel() {
        assertThat(Operation.AZURE_V1_EMBEDDINGS.isEmbeddings()).isTrue();
        assertThat(Operation.AZURE_V1_EMBEDDINGS.isChatCompletions()).isFalse();
        assertThat(Operation.AZURE_V1_CHAT_COMPLETIONS.isChatCompletions()).isTrue();
        assertThat(Operation.AZURE_V1_CHAT_COMPLETIONS.isEmbeddings()).isFalse();
        assertThat(Operation.AZURE_V1_EMBEDDINGS.isOpenAIShape()).isFalse();
        assertThat(Operation.AZURE_V1_EMBEDDINGS.isAzureV1Shape()).isTrue();
        assertThat(Operation.AZURE_V1_CHAT_COMPLETIONS.isAzureV1Shape()).isTrue();
        assertThat(Operation.EMBEDDINGS.isAzureV1Shape()).isFalse();
        assertThat(Operation.OPENAI_EMBEDDINGS.isAzureV1Shape()).isFalse();
        assertThat(Operation.values()).filteredOn(Operation::takesDeploymentFromModel).containsExactlyInAnyOrder(
            Operation.OPENAI_EMBEDDINGS, Operation.OPENAI_CHAT_COMPLETIONS, Operation.AZURE_V1_EMBEDDINGS,
            Operation.AZURE_V1_CHAT_COMPLETIONS);
    }

    @Test
    void otherMethodsAndPathsAreUnknown() {
        assertThat(Route.of("GET", "/openai/deployments/emb/embeddings").operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(Route.of("POST", "/openai/deployments/emb/completions").operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(Route.of("POST", "/v1/models").operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(Route.of("GET", "/openai/v1/embeddings").operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(Route.of("POST", "/openai/v1/models").operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(Route.of("POST", "/openai/v1/deployments/emb/embeddings").operation()).isEqualTo(Operation.UNKNOWN);
    }
}
