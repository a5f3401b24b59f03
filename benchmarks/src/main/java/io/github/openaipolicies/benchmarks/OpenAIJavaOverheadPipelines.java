package io.github.openaipolicies.benchmarks;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.http.HttpClient;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.openai.OpenAIJavaPolicies;
import io.github.openaipolicies.openai.OpenAIJavaPolicyOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The openai-java clients {@link OpenAIJavaOverhead} compares, all over a {@link CannedOpenAIJavaHttpClient}: each
 * is a per-attempt {@link HttpClient} wrapper between openai-java's own retry and the canned transport.
 *
 * <ul>
 *   <li>{@code openai-java}: no wrapper, a bare openai-java call (request serialization, its retrying client, the
 *       Azure key credential, response parsing), the floor the openai-java pipelines are measured above.</li>
 *   <li>{@code openai-java+ours}: {@code OpenAIJavaPolicies.wrap(transport, options)} without a gate: the retry,
 *       one credential per attempt, the attempt log line (its logger off, as in every benchmark).</li>
 *   <li>{@code openai-java+ours+gate}: the same with a new in-memory gate.</li>
 * </ul>
 */
final class OpenAIJavaOverheadPipelines {
    /** The bare openai-java call, the floor of the openai-java rows. */
    static final String BARE = "openai-java";

    private static final Map<String, UnaryOperator<HttpClient>> PER_ATTEMPT = new LinkedHashMap<>();

    static {
        PER_ATTEMPT.put(BARE, UnaryOperator.identity());
        PER_ATTEMPT.put("openai-java+ours", transport -> OpenAIJavaPolicies.wrap(transport,
            new OpenAIJavaPolicyOptions().setThrottleGate(null)));
        PER_ATTEMPT.put("openai-java+ours+gate", transport -> OpenAIJavaPolicies.wrap(transport,
            new OpenAIJavaPolicyOptions().setThrottleGate(ThrottleGate.create())));
    }

    /** The names {@link #create(String, HttpClient)} accepts, in table order. */
    static final List<String> NAMES = List.copyOf(PER_ATTEMPT.keySet());

    private static final String BASE_URL = "https://example.openai.azure.com/openai/v1";
    private static final EmbeddingCreateParams PARAMS = EmbeddingCreateParams.builder()
        .model("text-embedding-3-small")
        .input("hello world")
        .build();

    private OpenAIJavaOverheadPipelines() {
    }

    /**
     * Builds one of the compared clients over a transport.
     *
     * @param name one of {@link #NAMES}
     * @param transport the transport, a {@link CannedOpenAIJavaHttpClient} in the benchmark
     * @return the client, to close after use
     * @throws IllegalArgumentException for an unknown name
     */
    static OpenAIClient create(String name, HttpClient transport) {
        UnaryOperator<HttpClient> perAttempt = PER_ATTEMPT.get(name);
        if (perAttempt == null) {
            throw new IllegalArgumentException("pipeline must be one of " + NAMES + ", was '" + name + "'");
        }
        return new OpenAIClientImpl(ClientOptions.builder()
            .httpClient(perAttempt.apply(transport))
            .baseUrl(BASE_URL)
            .credential(AzureApiKeyCredential.create("benchmark-key-not-a-secret"))
            .build());
    }

    /**
     * The request of every call: one small input, openai-java's defaults otherwise.
     *
     * @return the parameters, immutable and shared
     */
    static EmbeddingCreateParams params() {
        return PARAMS;
    }
}
