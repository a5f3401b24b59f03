// Licensed under the MIT License.
package io.github.openaipolicies.spring;

import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.PipelineMetricsOptions;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.micrometer.MicrometerMetricsSink;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAIClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that hardens the Azure OpenAI client of Spring AI: when Spring AI's Azure OpenAI
 * auto-configuration is on the class path, an {@link OpenAIPipelineCustomizer} installs this library's policies into
 * the {@code OpenAIClientBuilder} it builds, so the chat, embedding, image and transcription models all get them.
 *
 * <p>The options are the application's {@link OpenAIPipelineOptions} bean when there is one; otherwise they are bound
 * from the {@code openai.pipeline.*} properties ({@link OpenAIPipelineProperties}), with the application's
 * {@link ThrottleGate} bean, when there is exactly one, as the gate, and the metrics recorded in the application's
 * Micrometer {@link MeterRegistry} bean, when there is one (through {@link MicrometerMetricsSink}; without one they
 * go to azure-core's metrics as before). {@code openai.pipeline.enabled=false} switches all of it off.</p>
 */
@AutoConfiguration(beforeName = {
    "org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiChatAutoConfiguration",
    "org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiEmbeddingAutoConfiguration",
    "org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiImageAutoConfiguration",
    "org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiAudioTranscriptionAutoConfiguration"})
@ConditionalOnClass(AzureOpenAIClientBuilderCustomizer.class)
@ConditionalOnProperty(prefix = OpenAIPipelineProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(OpenAIPipelineProperties.class)
public class OpenAIPipelineAutoConfiguration {
    /**
     * Creates the auto-configuration (Spring does).
     */
    public OpenAIPipelineAutoConfiguration() {
    }

    /**
     * The options, from the {@code openai.pipeline.*} properties, unless the application has its own bean. When the
     * application has a {@link MeterRegistry} bean (one, or a primary one), the policies record their metrics there.
     *
     * @param properties the bound properties
     * @param gates the application's {@link ThrottleGate} bean, if any
     * @param meterRegistries the application's {@link MeterRegistry} bean, if any
     * @return the options
     */
    @Bean
    @ConditionalOnMissingBean
    public OpenAIPipelineOptions openAIPipelineOptions(OpenAIPipelineProperties properties,
        ObjectProvider<ThrottleGate> gates, ObjectProvider<MeterRegistry> meterRegistries) {
        OpenAIPipelineOptions options = properties.toOptions(gates.getIfUnique());
        MeterRegistry registry = meterRegistries.getIfUnique();
        if (registry != null) {
            options.setMetricsOptions(new PipelineMetricsOptions()
                .setMetricsSink(new MicrometerMetricsSink(registry)));
        }
        return options;
    }

    /**
     * The customizer Spring AI calls on its {@code OpenAIClientBuilder}, unless the application has its own
     * {@link OpenAIPipelineCustomizer} bean.
     *
     * @param options the options to install with
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean
    public OpenAIPipelineCustomizer openAIPipelineCustomizer(OpenAIPipelineOptions options) {
        return new OpenAIPipelineCustomizer(options);
    }
}
