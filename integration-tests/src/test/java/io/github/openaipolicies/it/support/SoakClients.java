// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.RetryPolicy;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.RequestLoggingOptions;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.time.Duration;

/**
 * The clients of the chaos soak: one per construction ({@code install}, {@code builder()}, {@code harden}) and
 * gate setting (one in-memory gate shared by all gated clients, or none), each sync and async, all on one transport.
 * The gate is created with the soak's {@code maxRetryAfter}, as {@code OpenAIPipelineOptions.setThrottleGate}
 * advises: {@link ThrottleGate#shared()} keeps its default of 60 s, so one 429 asking for 30 s would hold every gated
 * call past its 4 s budget.
 */
public final class SoakClients {
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

    /**
     * Builds every client.
     *
     * @param simulator the simulator
     * @param transport the transport all clients share
     */
    public SoakClients(AzureOpenAISimulator simulator, HttpClient transport) {
        for (Construction construction : Construction.values()) {
            for (boolean gate : new boolean[] {true, false}) {
                OpenAIClientBuilder builder = builder(construction, gate, simulator, transport);
                sync[index(construction, gate)] = builder.buildClient();
                async[index(construction, gate)] = builder.buildAsyncClient();
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
