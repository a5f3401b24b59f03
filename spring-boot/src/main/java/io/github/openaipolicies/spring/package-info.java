// Licensed under the MIT License.
/**
 * Spring Boot auto-configuration for Spring AI's Azure OpenAI support:
 * {@link io.github.openaipolicies.spring.OpenAIPipelineAutoConfiguration} registers an
 * {@link io.github.openaipolicies.spring.OpenAIPipelineCustomizer} that installs this library's policies into the
 * {@code OpenAIClientBuilder} Spring AI builds, with options bound from {@code openai.pipeline.*}
 * ({@link io.github.openaipolicies.spring.OpenAIPipelineProperties}).
 */
package io.github.openaipolicies.spring;
