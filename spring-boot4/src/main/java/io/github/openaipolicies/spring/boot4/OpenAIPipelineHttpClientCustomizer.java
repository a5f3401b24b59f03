// Licensed under the MIT License.
package io.github.openaipolicies.spring.boot4;

import io.github.openaipolicies.okhttp.OkHttpPolicyOptions;
import io.github.openaipolicies.okhttp.OpenAIPolicyInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;
import org.springframework.core.Ordered;

import java.util.Objects;

/**
 * Adds an {@link OpenAIPolicyInterceptor} to the {@code SpringAiOpenAiHttpClient} that each of Spring AI's OpenAI
 * models builds, so every call of the openai-java client above it gets the retry, the gate, one credential and one
 * log line per attempt. openai-java's own retry (Spring AI's {@code spring.ai.openai.max-retries}) stays as it is:
 * the interceptor's answers tell it not to retry.
 *
 * <p>Ordered last ({@link Ordered#LOWEST_PRECEDENCE}): its interceptor comes after the application's, nearest the
 * network, so the application's interceptors see each call once and this one sees every attempt.</p>
 */
public final class OpenAIPipelineHttpClientCustomizer implements OpenAiHttpClientBuilderCustomizer, Ordered {
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenAIPipelineHttpClientCustomizer.class);

    private final OkHttpPolicyOptions options;

    /**
     * Creates the customizer.
     *
     * @param options the interceptor's options; read on every {@link #customize} call
     * @throws NullPointerException if {@code options} is null
     */
    public OpenAIPipelineHttpClientCustomizer(OkHttpPolicyOptions options) {
        this.options = Objects.requireNonNull(options, "'options' cannot be null.");
    }

    /**
     * Adds the interceptor to the builder.
     *
     * @param builder the builder Spring AI is about to build its HTTP client from
     */
    @Override
    public void customize(SpringAiOpenAiHttpClient.Builder builder) {
        builder.interceptor(new OpenAIPolicyInterceptor(options));
        LOGGER.info("Added openai-pipeline-policies to Spring AI's OpenAI HTTP client: {}", options);
    }

    /**
     * The order among {@code OpenAiHttpClientBuilderCustomizer} beans.
     *
     * @return {@link Ordered#LOWEST_PRECEDENCE}: after the application's customizers
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
