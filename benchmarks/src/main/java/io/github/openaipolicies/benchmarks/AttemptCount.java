package io.github.openaipolicies.benchmarks;

/**
 * A client's own count of the attempts it put on the wire, whatever its HTTP stack: {@link AttemptCounter} (an
 * azure-core per-try policy) or {@link OpenAIJavaAttemptCounter} (an openai-java transport wrapper).
 */
interface AttemptCount {
    /**
     * The attempts seen.
     *
     * @return the count
     */
    long attempts();

    /**
     * The 429 answers seen.
     *
     * @return the count
     */
    long throttled();

    /**
     * The answers seen with an {@code x-ratelimit-*} or {@code retry-after-ms} header.
     *
     * @return the count
     */
    long withRateLimitHeaders();

    /**
     * Whether a header name is a rate-limit counter or a millisecond delay.
     *
     * @param name a header name, any case
     * @return true for {@code x-ratelimit-*} and {@code retry-after-ms}
     */
    static boolean isRateLimitHeader(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("x-ratelimit-") || lower.equals("retry-after-ms");
    }
}
