// Licensed under the MIT License.
package io.github.openaipolicies.gate;

/**
 * Why a {@link ThrottleGate} held an attempt before letting it go.
 */
public enum ThrottleHoldReason {
    /** Not held: the attempt went at once. */
    NONE("not held"),
    /** A response to the same quota key was a 429 with a delay that has not yet passed. */
    AFTER_429("after 429"),
    /** The server's {@code x-ratelimit-remaining-requests} counter was at zero. */
    REQUESTS_AT_ZERO("requests counter at zero"),
    /** The server's {@code x-ratelimit-remaining-tokens} counter did not cover the attempt's estimated tokens. */
    TOKENS_AT_ZERO("tokens counter at zero"),
    /** Nothing was known about the quota key yet, and the attempts already in flight filled the initial admission. */
    SLOW_START("slow start"),
    /** Older calls to the same quota key were waiting and went first. */
    QUEUED("behind older calls");

    private final String description;

    ThrottleHoldReason(String description) {
        this.description = description;
    }

    /**
     * A short description for log lines, such as {@code "after 429"}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }
}
