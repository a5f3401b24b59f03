// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A deployment's rate limit: requests and estimated tokens per window (0 = unlimited).
 *
 * @param requestsPerWindow requests accepted per window, 0 for no limit
 * @param tokensPerWindow estimated tokens accepted per window, 0 for no limit
 * @param window the window
 */
public record Quota(int requestsPerWindow, int tokensPerWindow, Duration window) {
    /**
     * Checks the components.
     *
     * @param requestsPerWindow requests per window
     * @param tokensPerWindow tokens per window
     * @param window the window
     */
    public Quota {
        Objects.requireNonNull(window, "window");
        if (requestsPerWindow < 0 || tokensPerWindow < 0) {
            throw new IllegalArgumentException("quota limits must not be negative");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("quota window must be positive: " + window);
        }
    }

    /**
     * Requests per minute this quota allows.
     *
     * @return the rate, 0 when unlimited
     */
    public double requestsPerMinute() {
        return perMinute(requestsPerWindow);
    }

    /**
     * Tokens per minute this quota allows.
     *
     * @return the rate, 0 when unlimited
     */
    public double tokensPerMinute() {
        return perMinute(tokensPerWindow);
    }

    /**
     * Describes the quota for people, e.g. {@code 60 requests and 20,000 tokens / 10 s window}.
     *
     * @return a short phrase
     */
    public String describe() {
        String requests = requestsPerWindow == 0 ? "unlimited requests" : requestsPerWindow + " requests";
        String tokens = tokensPerWindow == 0 ? "unlimited tokens"
            : String.format(Locale.ROOT, "%,d tokens", tokensPerWindow);
        return requests + " and " + tokens + " / " + SummaryTable.seconds(window) + " window";
    }

    private double perMinute(int perWindow) {
        return perWindow * 60_000.0 / window.toMillis();
    }
}
