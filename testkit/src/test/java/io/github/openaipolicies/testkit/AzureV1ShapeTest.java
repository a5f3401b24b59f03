package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
import static io.github.openaipolicies.testkit.SimulatorClients.APIM_REQUEST_ID;
import static io.github.openaipolicies.testkit.SimulatorClients.X_MS_REGION;
import static io.github.openaipolicies.testkit.SimulatorClients.rawPost;
import static io.github.openaipolicies.testkit.SimulatorClients.sendRaw;
import static io.github.openaipolicies.testkit.SimulatorClients.withHeaderLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Azure OpenAI's unified v1 routes over HTTPS, with hand-made requests on each azure-core transport: the credential
 * header lines, the deployment from the body's {@code model} and Azure's headers reach the simulator and come back
 * as they do on the deployments routes (the rules themselves: {@code AzureV1RoutesTest}).
 */
class AzureV1ShapeTest {

    private static final String KEY = AzureOpenAISimulator.DEFAULT_API_KEY;
    private static final String MODEL = "{\"model\":\"" + AzureOpenAISimulator.DEFAULT_DEPLOYMENT + "\",";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void embeddingsWithOneApiKeyAnswerWithAzuresHeaders(HttpClientKind kind) {
        HttpResponse response = send(kind, withHeaderLines(embeddings(MODEL + "\"input\":\"hello\"}"), API_KEY, KEY));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBodyAsString().block()).contains("\"object\":\"list\"");
        assertThat(response.getHeaderValue(APIM_REQUEST_ID)).isNotBlank();
        assertThat(response.getHeaderValue(X_MS_REGION)).isEqualTo(AzureOpenAISimulator.DEFAULT_REGION);
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_EMBEDDINGS);
            assertThat(entry.deployment()).isEqualTo(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
        });
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void chatCompletionsWithOneBearerTokenAreAnswered(HttpClientKind kind) {
        HttpResponse response = send(kind, withHeaderLines(
            rawPost(SIMULATOR.simulator(), "/openai/v1/chat/completions",
                MODEL + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            HttpHeaderName.AUTHORIZATION, "Bearer " + AzureOpenAISimulator.DEFAULT_BEARER_TOKEN));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_CHAT_COMPLETIONS));
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void twoApiKeyLinesAreRefused(HttpClientKind kind) {
        HttpResponse response = send(kind, withHeaderLines(embeddings(MODEL + "\"input\":\"hello\"}"), API_KEY, KEY,
            KEY));

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.apiKeyValueCount()).isEqualTo(2));
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void aMissingModelIs400AndAnUnknownOneDeploymentNotFound(HttpClientKind kind) {
        HttpResponse missing = send(kind, withHeaderLines(embeddings("{\"input\":\"hello\"}"), API_KEY, KEY));
        HttpResponse unknown = send(kind, withHeaderLines(embeddings("{\"model\":\"nope\",\"input\":\"hello\"}"),
            API_KEY, KEY));

        assertThat(missing.getStatusCode()).isEqualTo(400);
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(unknown.getBodyAsString().block()).contains("DeploymentNotFound");
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void aFaultForTheDeploymentIsPlayedAndJournalled(HttpClientKind kind) {
        Fault fault = Fault.status(503);
        SIMULATOR.simulator().injectFault(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, fault, 1);

        HttpResponse response = send(kind, withHeaderLines(embeddings(MODEL + "\"input\":\"hello\"}"), API_KEY, KEY));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.fault()).isSameAs(fault);
            assertThat(entry.deployment()).isEqualTo(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
        });
    }

    private static HttpRequest embeddings(String json) {
        return rawPost(SIMULATOR.simulator(), "/openai/v1/embeddings", json);
    }

    private static HttpResponse send(HttpClientKind kind, HttpRequest request) {
        return sendRaw(SIMULATOR.simulator(), kind, request);
    }
}
