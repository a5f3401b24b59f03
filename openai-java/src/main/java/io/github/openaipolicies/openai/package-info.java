// Licensed under the MIT License.
/**
 * The openai-java adapter: the Retry-After retry, the throttle gate shared by every call to a deployment, exactly
 * one credential per attempt and one log line per attempt, for clients of the official OpenAI Java SDK
 * ({@code com.openai:openai-java}), against Azure OpenAI (both URL shapes) or api.openai.com.
 *
 * <pre>{@code
 * OpenAIClient client = OpenAIJavaPolicies.install(OpenAIOkHttpClient.builder()
 *     .baseUrl(endpoint + "/openai/v1")
 *     .credential(AzureApiKeyCredential.create(key))
 *     .build());
 * }</pre>
 */
package io.github.openaipolicies.openai;
