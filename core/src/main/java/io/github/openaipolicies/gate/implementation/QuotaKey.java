// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

/**
 * A default quota key and the parts it was built from, as {@link QuotaKeys#describe} finds them; at most one of
 * {@code deployment}, {@code model} and {@code api} is set.
 *
 * @param key the key, as {@link QuotaKeys#of(io.github.openaipolicies.gate.RequestView)} gives it
 * @param host the host, lower case
 * @param deployment the Azure OpenAI deployment (from the path, or the {@code model} of the {@code /openai/v1}
 * shape), or null
 * @param model the model of the {@code /v1} shape, or null
 * @param api the API family ({@code /openai/threads}, {@code /v1/files}, ...) when the key has no deployment or model;
 * null when it is empty
 */
public record QuotaKey(String key, String host, String deployment, String model, String api) {
}
