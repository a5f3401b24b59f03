// Licensed under the MIT License.
/**
 * azure-core {@link com.azure.core.http.policy.HttpPipelinePolicy} implementations that make throttled calls to
 * Azure OpenAI (and any other azure-core client) safe: {@link io.github.openaipolicies.DedupeAuthPolicy} (exactly one
 * credential on every attempt), {@link io.github.openaipolicies.RetryAfterPolicy} (the server's delay honoured within
 * caps, from a fresh copy of the request on every attempt) and {@link io.github.openaipolicies.RequestLoggingPolicy}
 * (one structured line per attempt, no secrets), and {@link io.github.openaipolicies.OpenAIPipelines} to put them into
 * a client builder ({@code install}), a pipeline built by hand ({@code builder()}) or a pipeline someone else built
 * ({@code harden}).
 */
package io.github.openaipolicies;
