// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import java.time.Duration;

/**
 * Exponential backoff with jitter, for when the server did not say how long to wait. Pure.
 *
 * <p>Retry {@code n} (1 for the first retry) waits {@code min(base * 2^(n-1), max)}, multiplied by a jitter factor
 * between 0.8 (inclusive) and 1.0 (exclusive), rounded up to whole milliseconds. The jitter only shortens, so the
 * delay never exceeds {@code max}; it spreads clients that failed together.</p>
 */
public final class Backoff {
    /** The smallest jitter factor. */
    public static final double MIN_JITTER_FACTOR = 0.8;

    private Backoff() {
    }

    /**
     * The backoff delay before retry {@code retry}.
     *
     * @param retry the retry number, 1 for the first retry
     * @param base the first delay
     * @param max the cap
     * @param random a number in [0, 1) choosing the jitter factor
     * @return the delay, at most {@code max}
     */
    public static Duration delay(int retry, Duration base, Duration max, double random) {
        long capMillis = max.toMillis();
        long rawMillis = Math.min(doubled(base.toMillis(), Math.max(retry, 1) - 1), capMillis);
        double factor = MIN_JITTER_FACTOR + (1.0 - MIN_JITTER_FACTOR) * clampUnit(random);
        return Duration.ofMillis(Math.min((long) Math.ceil(rawMillis * factor), rawMillis));
    }

    private static long doubled(long millis, int times) {
        if (times >= Long.SIZE - 1 || millis > (Long.MAX_VALUE >> times)) {
            return Long.MAX_VALUE;
        }
        return millis << times;
    }

    private static double clampUnit(double random) {
        if (!(random >= 0.0)) {
            return 0.0;
        }
        return Math.min(random, 1.0);
    }
}
