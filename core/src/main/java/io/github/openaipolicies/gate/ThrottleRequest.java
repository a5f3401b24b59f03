// Licensed under the MIT License.
package io.github.openaipolicies.gate;

import io.github.openaipolicies.core.implementation.MonotonicClock;

import java.time.Instant;
import java.util.Objects;

/**
 * What an attempt asks a {@link ThrottleGate} for: to go to a quota key at a cost, before a deadline.
 *
 * <p>The deadline is the call's (its start plus {@code RetryAfterOptions} timeout, when the adapter's Retry-After retry
 * runs before the gate). It bounds two things: the wait in the gate (together with the gate's {@code maxWait})
 * and the admission's lease (a gate takes back an admission still unreported some margin after it, see
 * {@link ThrottleGate}).</p>
 *
 * <p>{@code callStart} and {@code deadline} are instants of the library's monotonic time line (it starts at the wall
 * clock once per JVM and advances by {@link System#nanoTime()}), so a wall clock that steps does not move them.
 * Compare them only with each other, or measure time between them; a gate implementation that needs "now" on the
 * same line uses {@link #now()}.</p>
 *
 * @param quotaKey the quota the attempt draws on, see {@link ThrottleGate#quotaKey}
 * @param cost the attempt's estimated tokens, 1 or more
 * @param callStart when the call the attempt belongs to started; older calls go first
 * @param deadline the latest moment the attempt may leave the gate, and the call's end: a wait that would end later
 * fails as soon as that is known, and an admission still unreported some margin after it is taken back
 */
public record ThrottleRequest(String quotaKey, long cost, Instant callStart, Instant deadline) {
    /**
     * Validates the values.
     *
     * @param quotaKey the quota key, not null
     * @param cost the estimated tokens, 1 or more
     * @param callStart the call's start, not null
     * @param deadline the deadline, not null
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException if {@code cost} is below 1
     */
    public ThrottleRequest {
        Objects.requireNonNull(quotaKey, "'quotaKey' cannot be null.");
        Objects.requireNonNull(callStart, "'callStart' cannot be null.");
        Objects.requireNonNull(deadline, "'deadline' cannot be null.");
        if (cost < 1) {
            throw new IllegalArgumentException("'cost' must be 1 or more, was " + cost + ".");
        }
    }

    /**
     * The current instant on the time line of {@link #callStart()} and {@link #deadline()}: the JVM's monotonic
     * clock, which a wall clock that steps does not move.
     *
     * @return now, on the gate's time line
     */
    public static Instant now() {
        return MonotonicClock.system().instant();
    }
}
