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
    void otherMethodsAndPathsAreUnknown() {
        assertThat(Route.of("GET", "/openai/deployments/emb/embeddings").operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(Route.of("POST", "/openai/deployments/emb/completions").operation()).isEqualTo(Operation.UNKNOWN);
        assertThat(Route.of("POST", "/v1/models").operation()).isEqualTo(Operation.UNKNOWN);
    }
}
