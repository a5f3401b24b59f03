// Licensed under the MIT License.
package io.github.openaipolicies.spring;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAIClientBuilderCustomizer;
import org.springframework.core.Ordered;

import java.util.Objects;

/**
 * Installs this library's policies ({@link OpenAIPipelines#install(com.azure.core.client.traits.HttpTrait,
 * OpenAIPipelineOptions)}) into the {@code OpenAIClientBuilder} of Spring AI's Azure OpenAI auto-configuration.
 *
 * <p>Ordered last ({@link Ordered#LOWEST_PRECEDENCE}), so it runs after the application's own customizers: a
 * credential policy one of them adds comes before {@code DedupeAuthPolicy}. A customizer that runs later must not
 * call {@code retryOptions(...)} or {@code retryPolicy(...)}, which would switch the stock retry back on.</p>
 */
public final class OpenAIPipelineCustomizer implements AzureOpenAIClientBuilderCustomizer, Ordered {
    private static final ClientLogger LOGGER = new ClientLogger(OpenAIPipelineCustomizer.class);

    private final OpenAIPipelineOptions options;

    /**
     * Creates the customizer.
     *
     * @param options the options to install with; read on every {@link #customize} call
     * @throws NullPointerException if {@code options} is null
     */
    public OpenAIPipelineCustomizer(OpenAIPipelineOptions options) {
        this.options = Objects.requireNonNull(options, "'options' cannot be null.");
    }

    /**
     * Installs the policies into the builder.
     *
     * @param clientBuilder the builder Spring AI is about to build its client from
     */
    @Override
    public void customize(OpenAIClientBuilder clientBuilder) {
        OpenAIPipelines.install(clientBuilder, options);
        LOGGER.atInfo()
            .addKeyValue("retry", options.getRetryOptions().toString())
            .addKeyValue("throttleGate", options.getThrottleGate() == null ? "none"
                : options.getThrottleGate().getClass().getSimpleName())
            .log("Installed openai-pipeline-policies into Spring AI's OpenAIClientBuilder");
    }

    /**
     * The order among {@code AzureOpenAIClientBuilderCustomizer} beans.
     *
     * @return {@link Ordered#LOWEST_PRECEDENCE}: after the application's customizers
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
