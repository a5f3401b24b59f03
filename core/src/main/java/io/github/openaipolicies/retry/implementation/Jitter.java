// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import java.time.Duration;

/**
 * The small padding added on top of a server-requested delay, so clients told the same delay do not all come back in
 * the same millisecond. Pure. It only lengthens: a server-requested delay is never shortened.
 *
 * <p>The padding is {@code random * min(10% of the delay, 250 ms)}, rounded down to whole milliseconds.</p>
 */
public final class Jitter {
    /** The largest padding, whatever the delay. */
    public static final Duration MAX_PADDING = Duration.ofMillis(250);

    private Jitter() {
    }

    /**
     * Pads a server-requested delay.
     *
     * @param requested the delay the server asked for
     * @param random a number in [0, 1) choosing the padding
     * @return a delay of at least {@code requested} and at most {@code requested + min(requested / 10, 250 ms)}
     */
    public static Duration pad(Duration requested, double random) {
        long ceiling = Math.min(requested.toMillis() / 10, MAX_PADDING.toMillis());
        double unit = random >= 0.0 ? Math.min(random, 1.0) : 0.0;
        return requested.plusMillis((long) Math.floor(ceiling * unit));
    }
}
