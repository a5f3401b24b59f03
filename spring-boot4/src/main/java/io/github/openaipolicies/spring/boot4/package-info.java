// Licensed under the MIT License.
/**
 * Spring Boot 4 auto-configuration for Spring AI 2.0: Spring AI's OpenAI models (chat, embedding, image, audio,
 * moderation) build their openai-java client over {@code SpringAiOpenAiHttpClient}; an
 * {@code OpenAiHttpClientBuilderCustomizer} from this package adds the OkHttp interceptor of
 * {@code openai-pipeline-policies-okhttp} to it, with options bound from the {@code openai.pipeline.*} properties.
 */
package io.github.openaipolicies.spring.boot4;
