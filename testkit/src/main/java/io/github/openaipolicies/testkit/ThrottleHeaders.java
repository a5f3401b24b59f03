package io.github.openaipolicies.testkit;

/**
 * Which delay headers a 429 carries. Azure OpenAI normally sends {@code retry-after} and {@code retry-after-ms}, but
 * it has also answered with only a token-reset header (sometimes misspelt) and with no delay header at all; a client
 * must survive each. Used for the simulator's own quota 429s
 * ({@link AzureOpenAISimulator.Builder#throttleHeaders(ThrottleHeaders)}) and by {@link Fault#tooManyRequests(
 * java.time.Duration, ThrottleHeaders)}.
 */
public enum ThrottleHeaders {
    /** {@code retry-after} (whole seconds, rounded up) and {@code retry-after-ms}: the usual answer. */
    RETRY_AFTER_AND_MS,
    /** {@code retry-after} in whole seconds only. */
    RETRY_AFTER_SECONDS_ONLY,
    /** Only {@code x-ratelimit-reset-tokens} (whole seconds) and {@code policy-id: DeploymentRatelimit-Token}. */
    RESET_TOKENS_ONLY,
    /** Only the misspelt {@code x-rate-limit-reset-tokens} (whole seconds) and {@code policy-id}. */
    MISSPELT_RESET_TOKENS_ONLY,
    /** No delay header at all. */
    NONE
}
