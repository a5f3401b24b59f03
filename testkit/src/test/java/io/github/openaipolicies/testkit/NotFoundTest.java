package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
import static io.github.openaipolicies.testkit.SimulatorClients.azure;
import static io.github.openaipolicies.testkit.SimulatorClients.embeddingsOf;
import static io.github.openaipolicies.testkit.SimulatorClients.rawPost;
import static io.github.openaipolicies.testkit.SimulatorClients.sendRaw;
import static io.github.openaipolicies.testkit.SimulatorClients.withHeaderLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.ai.openai.OpenAIClient;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A deployment that is not configured, or a path the simulator does not serve, is a 404. */
class NotFoundTest {

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    @Test
    void anUnknownDeploymentIsNotFound() {
        OpenAIClient client = azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildClient();

        assertThatThrownBy(() -> client.getEmbeddings("no-such-deployment", embeddingsOf("hello")))
            .isInstanceOf(ResourceNotFoundException.class)
            .satisfies(e -> assertThat(((ResourceNotFoundException) e).getResponse().getStatusCode()).isEqualTo(404));
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(404);
            assertThat(entry.deployment()).isEqualTo("no-such-deployment");
        });
    }

    @Test
    void theConfiguredDeploymentIsFound() {
        OpenAIClient client = azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildClient();

        client.getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, embeddingsOf("hello"));

        assertThat(SIMULATOR.simulator().journal().countsByStatus()).containsExactly(Map.entry(200, 1L));
    }

    @Test
    void anUnknownPathIsNotFound() {
        try (HttpResponse response = sendRaw(SIMULATOR.simulator(), withHeaderLines(
            rawPost(SIMULATOR.simulator(), "/openai/deployments/" + AzureOpenAISimulator.DEFAULT_DEPLOYMENT
                + "/images/generations?api-version=2024-06-01", "{}"),
            API_KEY, AzureOpenAISimulator.DEFAULT_API_KEY))) {
            assertThat(response.getStatusCode()).isEqualTo(404);
        }
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.operation()).isEqualTo(Operation.UNKNOWN));
    }
}
