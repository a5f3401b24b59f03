// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.RetryPolicy;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.Timeout;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.RequestLoggingOptions;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.openai.OpenAIJavaPolicies;
import io.github.openaipolicies.openai.OpenAIJavaPolicyOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.time.Duration;

/**
 * The clients of the chaos soak: one per construction ({@code install}, {@code builder()}, {@code harden}, and
 * openai-java over {@code OpenAIJavaPolicies.wrap} on both Azure URL shapes) and gate setting (one in-memory gate
 * shared by all gated clients of both adapters, or none), each sync and async. The azure-ai-openai clients share one
 * azure-core transport, the openai-java ones one openai-java transport; openai-java's own retry stays at its default.
 * The gate is created with the soak's {@code maxRetryAfter}, as {@code OpenAIPipelineOptions.setThrottleGate}
 * advises: {@link ThrottleGate#shared()} keeps its default of 60 s, so one 429 asking for 30 s would hold every gated
 * call past its 4 s budget.
 */
public final class SoakClients implements AutoCloseable {
    /** The retry options of every soak client: short delays and a short overall timeout. */
    public static final RetryAfterOptions RETRY = new RetryAfterOptions()
        .setMaxRetries(6)
        .setBaseDelay(Duration.ofMillis(20))
        .setMaxDelay(Duration.ofMillis(200))
        .setMaxRetryAfter(Duration.ofMillis(2500))
        .setTimeout(Duration.ofSeconds(4));

    private final ThrottleGate gate = ThrottleGate.create(new ThrottleGateOptions()
        .setMaxRetryAfter(RETRY.getMaxRetryAfter()));
    private final OpenAIClient[] sync = new OpenAIClient[Construction.values().length * 2];
    private final OpenAIAsyncClient[] async = new OpenAIAsyncClient[sync.length];
    private final com.openai.client.OpenAIClient[] openAIJava = new com.openai.client.OpenAIClient[sync.length];

    /**
     * Builds every client.
     *
     * @param simulator the simulator
     * @param transport the transport all azure-ai-openai clients share
     * @param openAIJavaTransport the transport all openai-java clients share (under the wrapper); closed by
     *     {@link #close()}
     */
    public SoakClients(AzureOpenAISimulator simulator, HttpClient transport,
        com.openai.core.http.HttpClient openAIJavaTransport) {
        for (boolean gate : new boolean[] {true, false}) {
            for (Construction construction : Construction.azureCore()) {
                OpenAIClientBuilder builder = builder(construction, gate, simulator, transport);
                sync[index(construction, gate)] = builder.buildClient();
                async[index(construction, gate)] = builder.buildAsyncClient();
            }
            for (Construction construction : Construction.openAIJava()) {
                openAIJava[index(construction, gate)] = openAIJava(construction, gate, simulator,
                    openAIJavaTransport);
            }
        }
    }

    /**
     * The openai-java client of an openai-java construction and gate setting; {@code client.async()} is its async
     * side.
     *
     * @param construction {@link Construction#OPENAI_JAVA_V1} or {@link Construction#OPENAI_JAVA_DEPLOYMENTS}
     * @param gate whether the throttle gate is on
     * @return the client
     */
    public com.openai.client.OpenAIClient openAIJava(Construction construction, boolean gate) {
        return openAIJava[index(construction, gate)];
    }

    /** Closes the openai-java clients (and with them their transport). */
    @Override
    public void close() {
        for (com.openai.client.OpenAIClient client : openAIJava) {
            if (client != null) {
                client.close();
            }
        }
    }

    /**
     * The sync client of a construction and gate setting.
     *
     * @param construction the construction
     * @param gate whether the throttle gate is on
     * @return the client
     */
    public OpenAIClient sync(Construction construction, boolean gate) {
        return sync[index(construction, gate)];
    }

    /**
     * The async client of a construction and gate setting.
     *
     * @param construction the construction
     * @param gate whether the throttle gate is on
     * @return the client
     */
    public OpenAIAsyncClient async(Construction construction, boolean gate) {
        return async[index(construction, gate)];
    }

    private static int index(Construction construction, boolean gate) {
        return construction.ordinal() * 2 + (gate ? 0 : 1);
    }

    private com.openai.client.OpenAIClient openAIJava(Construction construction, boolean gated,
        AzureOpenAISimulator simulator, com.openai.core.http.HttpClient transport) {
        OpenAIJavaPolicyOptions options = new OpenAIJavaPolicyOptions().setRetryOptions(RETRY)
            .setThrottleGate(gated ? gate : null);
        Timeout timeout = Timeout.builder().connect(ChaosFault.CLIENT_TIMEOUT).read(ChaosFault.CLIENT_TIMEOUT)
            .write(ChaosFault.CLIENT_TIMEOUT).build();
        return new OpenAIClientImpl(OpenAIJavaCalls.clientOptionsBuilder(simulator, construction,
            OpenAIJavaPolicies.wrap(transport, options), OpenAIJavaCalls.credential(CredentialKind.AZURE_KEY, false))
            .timeout(timeout).build());
    }

    private OpenAIClientBuilder builder(Construction construction, boolean gated,
        AzureOpenAISimulator simulator, HttpClient transport) {
        String key = AzureOpenAISimulator.DEFAULT_API_KEY;
        RequestLoggingOptions logging = new RequestLoggingOptions();
        OpenAIPipelineOptions options = new OpenAIPipelineOptions().setRetryOptions(RETRY).setLoggingOptions(logging)
            .setThrottleGate(gated ? gate : null);
        OpenAIClientBuilder builder = new OpenAIClientBuilder().endpoint(simulator.endpoint());
        switch (construction) {
            case INSTALL -> {
                builder.httpClient(transport).credential(new AzureKeyCredential(key));
                OpenAIPipelines.install(builder, options);
            }
            case PIPELINE_BUILDER -> builder.pipeline(OpenAIPipelines.builder().httpClient(transport)
                .credential(new AzureKeyCredential(key)).retryOptions(RETRY).loggingOptions(logging)
                .throttleGate(options.getThrottleGate()).build());
            case HARDENED_HAND_BUILT -> builder.pipeline(OpenAIPipelines.harden(new HttpPipelineBuilder()
                .httpClient(transport)
                .policies(new RetryPolicy(), AddingCredentialPolicy.apiKey(key))
                .build(), options));
        }
        return builder;
    }
}
