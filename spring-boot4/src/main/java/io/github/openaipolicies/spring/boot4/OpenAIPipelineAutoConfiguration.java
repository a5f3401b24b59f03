// Licensed under the MIT License.
package io.github.openaipolicies.spring.boot4;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.micrometer.MicrometerMetricsSink;
import io.github.openaipolicies.okhttp.OkHttpPolicyOptions;
import io.github.openaipolicies.okhttp.OpenAIPolicyInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for Spring AI 2.0 on Spring Boot 4: when Spring AI's OpenAI client is on the class path, an
 * {@link OpenAIPipelineHttpClientCustomizer} adds the {@link OpenAIPolicyInterceptor} to the HTTP client of every
 * OpenAI model Spring AI auto-configures (chat, embedding, image, audio, moderation).
 *
 * <p>The interceptor's options ({@link OkHttpPolicyOptions}) come from the {@code openai.pipeline.*} properties
 * ({@link OpenAIPipelineProperties}), with the {@link ThrottleGate} bean (the application's when it has one, else
 * the starter's) and a {@link PipelineMetricsSink} bean (a {@link MicrometerMetricsSink} over the application's
 * {@link MeterRegistry} when it has one). Every bean gives way to the application's bean of its type;
 * {@code openai.pipeline.enabled=false} switches all of it off and {@code openai.pipeline.gate.enabled=false} the
 * gate.</p>
 */
@AutoConfiguration
@ConditionalOnClass({OpenAiHttpClientBuilderCustomizer.class, OpenAIPolicyInterceptor.class})
@ConditionalOnBooleanProperty(name = OpenAIPipelineProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(OpenAIPipelineProperties.class)
public class OpenAIPipelineAutoConfiguration {
    /**
     * Creates the auto-configuration (Spring does).
     */
    public OpenAIPipelineAutoConfiguration() {
    }

    /**
     * The gate, unless the application has a {@link ThrottleGate} bean: the JVM's shared gate
     * ({@link ThrottleGate#shared()}) with the default {@code openai.pipeline.gate.*} values, else a new gate with
     * them.
     *
     * @param properties the bound properties
     * @return the gate
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = OpenAIPipelineProperties.PREFIX + ".gate.enabled", matchIfMissing = true)
    public ThrottleGate openAIPipelineThrottleGate(OpenAIPipelineProperties properties) {
        ThrottleGateOptions options = properties.gateOptions();
        return hasDefaults(options) ? ThrottleGate.shared() : ThrottleGate.create(options);
    }

    /**
     * Where the interceptor records its metrics, unless the application has a {@link PipelineMetricsSink} bean: the
     * application's {@link MeterRegistry} (the unique or primary one), else nowhere.
     *
     * @param registries the application's meter registries
     * @return the sink
     */
    @Bean
    @ConditionalOnMissingBean
    public PipelineMetricsSink openAIPipelineMetricsSink(ObjectProvider<MeterRegistry> registries) {
        MeterRegistry registry = registries.getIfUnique();
        return registry == null ? PipelineMetricsSink.NONE : new MicrometerMetricsSink(registry);
    }

    /**
     * The interceptor's options, unless the application has its own {@link OkHttpPolicyOptions} bean.
     *
     * @param properties the bound properties
     * @param gates the gate bean (none with {@code openai.pipeline.gate.enabled=false})
     * @param sink the metrics sink bean
     * @return the options
     */
    @Bean
    @ConditionalOnMissingBean
    public OkHttpPolicyOptions openAIPipelineOkHttpPolicyOptions(OpenAIPipelineProperties properties,
        ObjectProvider<ThrottleGate> gates, PipelineMetricsSink sink) {
        return new OkHttpPolicyOptions()
            .setRetryOptions(properties.retryOptions())
            .setLoggingOptions(properties.loggingOptions())
            .setThrottleGate(properties.gate().enabled() ? gates.getIfAvailable() : null)
            .setMetricsSink(sink);
    }

    /**
     * The customizer Spring AI calls on the HTTP client builder of each OpenAI model, unless the application has its
     * own {@link OpenAIPipelineHttpClientCustomizer} bean.
     *
     * @param options the interceptor's options
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean
    public OpenAIPipelineHttpClientCustomizer openAIPipelineHttpClientCustomizer(OkHttpPolicyOptions options) {
        return new OpenAIPipelineHttpClientCustomizer(options);
    }

    private static boolean hasDefaults(ThrottleGateOptions options) {
        ThrottleGateOptions defaults = new ThrottleGateOptions();
        return options.getMaxWait().equals(defaults.getMaxWait())
            && options.getInitialAdmission() == defaults.getInitialAdmission()
            && options.getMaxRetryAfter().equals(defaults.getMaxRetryAfter())
            && options.getCounterValidity().equals(defaults.getCounterValidity())
            && options.getIdleKeyTimeout().equals(defaults.getIdleKeyTimeout());
    }
}
