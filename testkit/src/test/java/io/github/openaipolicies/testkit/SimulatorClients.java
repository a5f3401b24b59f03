package io.github.openaipolicies.testkit;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Context;
import java.time.Duration;
import java.util.Arrays;

/** Builds real azure-ai-openai clients and raw azure-core requests against a simulator, never retrying. */
final class SimulatorClients {

    static final String API_VERSION = "2024-06-01";
    static final HttpHeaderName API_KEY = HttpHeaderName.fromString("api-key");
    static final HttpHeaderName APIM_REQUEST_ID = HttpHeaderName.fromString("apim-request-id");
    static final HttpHeaderName X_MS_REGION = HttpHeaderName.fromString("x-ms-region");
    static final HttpHeaderName REMAINING_REQUESTS = HttpHeaderName.fromString("x-ratelimit-remaining-requests");
    static final HttpHeaderName REMAINING_TOKENS = HttpHeaderName.fromString("x-ratelimit-remaining-tokens");
    static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");

    private SimulatorClients() {
    }

    /** No retries: every request a test makes reaches the simulator exactly once. */
    static RetryOptions noRetries() {
        return new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));
    }

    /** An Azure-mode builder with the simulator's default key. */
    static OpenAIClientBuilder azure(AzureOpenAISimulator simulator, HttpClientKind kind) {
        return azure(simulator, kind, AzureOpenAISimulator.DEFAULT_API_KEY);
    }

    /** An Azure-mode builder with a given key. */
    static OpenAIClientBuilder azure(AzureOpenAISimulator simulator, HttpClientKind kind, String apiKey) {
        return new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(apiKey))
            .httpClient(simulator.httpClient(kind))
            .retryOptions(noRetries());
    }

    static EmbeddingsOptions embeddingsOf(String... inputs) {
        return new EmbeddingsOptions(Arrays.asList(inputs));
    }

    /** An embeddings request to a deployment with no credential header; tests add the ones they need. */
    static HttpRequest rawEmbeddings(AzureOpenAISimulator simulator, String deployment, String input) {
        return rawPost(simulator, "/openai/deployments/" + deployment + "/embeddings?api-version=" + API_VERSION,
            "{\"input\":[\"" + input + "\"]}");
    }

    static HttpRequest rawPost(AzureOpenAISimulator simulator, String pathAndQuery, String json) {
        return new HttpRequest(HttpMethod.POST, simulator.endpoint() + pathAndQuery)
            .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
            .setBody(json);
    }

    /** Adds each value as its own header line (azure-core transports send one line per value). */
    static HttpRequest withHeaderLines(HttpRequest request, HttpHeaderName name, String... values) {
        HttpHeaders headers = request.getHeaders();
        headers.remove(name);
        for (String value : values) {
            headers.add(name, value);
        }
        return request;
    }

    /** Sends a hand-made request through a bare pipeline (no auth, no retry) on the simulator's client. */
    static HttpResponse sendRaw(AzureOpenAISimulator simulator, HttpClientKind kind, HttpRequest request) {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(simulator.httpClient(kind)).build();
        HttpResponse response = pipeline.sendSync(request, Context.NONE);
        return response.buffer();
    }

    static HttpResponse sendRaw(AzureOpenAISimulator simulator, HttpRequest request) {
        return sendRaw(simulator, HttpClientKind.NETTY, request);
    }
}
