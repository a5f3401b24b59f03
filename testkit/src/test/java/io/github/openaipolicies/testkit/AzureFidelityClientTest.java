package io.github.openaipolicies.testkit;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.OpenAIServiceVersion;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.CompletionsFinishReason;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.IterableStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static io.github.openaipolicies.testkit.SimulatorClients.azure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What azure-ai-openai's {@code OpenAIClient} makes of the simulator's Azure answers: every api-version it can send is
 * accepted, each rejection arrives as an {@code HttpResponseException} with Azure's status and message, and streamed
 * chat completions parse.
 */
class AzureFidelityClientTest {
    private static final String ADA = "ada";
    private static final String GPT = "gpt";
    private static final String NO_ROLE_TOKEN = "sim-token-without-role";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(Deployment.embeddings(ADA, "text-embedding-ada-002"))
            .deployment(Deployment.chat(GPT, "gpt-4o"))
            .bearerTokensWithoutRole(NO_ROLE_TOKEN));

    @ParameterizedTest
    @EnumSource(OpenAIServiceVersion.class)
    void everyServiceVersionOfTheClientIsAccepted(OpenAIServiceVersion version) {
        assertThat(AzureOpenAISimulator.DEFAULT_API_VERSIONS).contains(version.getVersion());
        OpenAIClient client = azure(SIMULATOR.simulator(), HttpClientKind.NETTY).serviceVersion(version).buildClient();

        assertThat(client.getEmbeddings(ADA, new EmbeddingsOptions(List.of("a"))).getData()).hasSize(1);
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement()
            .satisfies(entry -> assertThat(entry.path()).endsWith("api-version=" + version.getVersion()));
    }

    @Test
    void modelErrorsArriveWithStatusAndMessage() {
        OpenAIClient client = client();

        assertRejected(() -> client.getEmbeddings(ADA, new EmbeddingsOptions(Collections.nCopies(2_049, "a"))), 400,
            "Too many inputs. The max number of inputs is 2048.");
        assertRejected(() -> client.getEmbeddings(ADA, new EmbeddingsOptions(List.of("x".repeat(80_000)))), 400,
            "This model's maximum context length is 8191 tokens");
        assertRejected(() -> client.getEmbeddings(ADA, new EmbeddingsOptions(List.of("a", ""))), 400,
            "'$.input' is invalid.");
        assertRejected(() -> client.getEmbeddings(ADA, new EmbeddingsOptions(List.of("a")).setDimensions(8)), 400,
            "This model does not support specifying dimensions.");
        assertRejected(() -> client.getChatCompletions(ADA, chat()), 400,
            "The chatCompletion operation does not work with the specified model, text-embedding-ada-002.");
        assertRejected(() -> client.getEmbeddings(GPT, new EmbeddingsOptions(List.of("a"))), 400,
            "The embeddings operation does not work with the specified model, gpt-4o.");
    }

    @Test
    void aPrincipalWithoutTheRoleIsPermissionDenied() {
        TokenCredential credential = request -> Mono.just(new AccessToken(NO_ROLE_TOKEN,
            OffsetDateTime.now().plusHours(1)));
        OpenAIClient client = new OpenAIClientBuilder().endpoint(SIMULATOR.simulator().endpoint())
            .credential(credential).httpClient(SIMULATOR.simulator().httpClient())
            .retryOptions(SimulatorClients.noRetries()).buildClient();

        assertRejected(() -> client.getChatCompletions(GPT, chat()), 401,
            "Principal does not have access to API/Operation.");
    }

    @Test
    void contentFilteringArrivesAsA400OrAsAFilteredChoice() {
        SIMULATOR.simulator().injectFault(Fault.contentFilter(), 1);
        SIMULATOR.simulator().injectFault(Fault.contentFilteredCompletion(), 1);
        OpenAIClient client = client();

        HttpResponseException refused = assertRejected(() -> client.getChatCompletions(GPT, chat()), 400,
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.");
        assertThat(refused.getMessage()).contains("content_filter", "ResponsibleAIPolicyViolation");
        ChatCompletions filtered = client.getChatCompletions(GPT, chat());
        assertThat(filtered.getChoices().get(0).getFinishReason()).isEqualTo(CompletionsFinishReason.CONTENT_FILTERED);
    }

    @Test
    void theDefaultRegionIsWrittenAsAzureWritesIt() {
        HttpResponse response = SimulatorClients.sendRaw(SIMULATOR.simulator(), SimulatorClients.rawEmbeddings(
            SIMULATOR.simulator(), ADA, "a").setHeader(SimulatorClients.API_KEY, AzureOpenAISimulator.DEFAULT_API_KEY));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaderValue(SimulatorClients.X_MS_REGION)).isEqualTo("Sweden Central");
    }

    @Test
    void chatAnswersNameTheModelAndCarryPromptFilterResults() {
        ChatCompletions completions = client().getChatCompletions(GPT, chat());

        assertThat(completions.getModel()).isEqualTo("gpt-4o");
        assertThat(completions.getPromptFilterResults()).singleElement().satisfies(result ->
            assertThat(result.getContentFilterResults().getHate().isFiltered()).isFalse());
    }

    @Test
    void aStreamedChatParsesSyncAndAsync() {
        IterableStream<ChatCompletions> stream = client().getChatCompletionsStream(GPT, chat());
        String text = stream.stream()
            .flatMap(chunk -> chunk.getChoices().stream())
            .map(choice -> choice.getDelta() == null || choice.getDelta().getContent() == null ? ""
                : choice.getDelta().getContent())
            .collect(Collectors.joining());
        StepVerifier.create(azure(SIMULATOR.simulator(), HttpClientKind.OKHTTP).buildAsyncClient()
                .getChatCompletionsStream(GPT, chat()).filter(chunk -> !chunk.getChoices().isEmpty())
                .map(chunk -> chunk.getChoices().get(0)).last())
            .assertNext(last -> assertThat(last.getFinishReason()).isEqualTo(CompletionsFinishReason.STOPPED))
            .verifyComplete();

        assertThat(text).isEqualTo("This is a simulated reply.");
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void aStreamIsSentChunkedAsEventStream(HttpClientKind kind) {
        HttpResponse response = SimulatorClients.sendRaw(SIMULATOR.simulator(), kind, SimulatorClients.rawPost(
            SIMULATOR.simulator(), "/openai/deployments/" + GPT + "/chat/completions?api-version=2024-06-01",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}")
            .setHeader(SimulatorClients.API_KEY, AzureOpenAISimulator.DEFAULT_API_KEY));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaderValue(HttpHeaderName.CONTENT_TYPE)).startsWith("text/event-stream");
        assertThat(response.getHeaderValue(HttpHeaderName.CONTENT_LENGTH)).as("sent chunked").isNull();
        assertThat(response.getHeaderValue(HttpHeaderName.fromString("x-simulator-chunked"))).isNull();
        assertThat(response.getBodyAsString().block()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void aStreamThatBreaksOffGivesTheCallerItsFirstChunksThenAnError() {
        SIMULATOR.simulator().injectFault(Fault.breakOff(), 1);
        List<ChatCompletions> received = new java.util.ArrayList<>();

        assertThatThrownBy(() -> client().getChatCompletionsStream(GPT, chat()).forEach(received::add))
            .hasRootCauseInstanceOf(java.io.IOException.class)
            .hasStackTraceContaining("Connection prematurely closed DURING response");
        assertThat(received).as("the events sent before the break").isNotEmpty();
        assertThat(received).noneSatisfy(chunk -> assertThat(chunk.getChoices()).anySatisfy(choice ->
            assertThat(choice.getFinishReason()).isNotNull()));
    }

    private static OpenAIClient client() {
        return azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildClient();
    }

    private static ChatCompletionsOptions chat() {
        return new ChatCompletionsOptions(List.of(new ChatRequestUserMessage("hi")));
    }

    private static HttpResponseException assertRejected(Runnable call, int status, String message) {
        HttpResponseException[] caught = new HttpResponseException[1];
        assertThatThrownBy(call::run).isInstanceOfSatisfying(HttpResponseException.class, e -> {
            assertThat(e.getResponse().getStatusCode()).isEqualTo(status);
            assertThat(e.getMessage()).contains(message);
            caught[0] = e;
        });
        return caught[0];
    }
}
