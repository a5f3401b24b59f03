// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.testkit.JournalEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks each {@link ThrottleGateTimeoutException} of the chaos soak against the hold that caused it, so a gate that
 * fails waiters it should have let wait is caught. A time-out is justified only when all of these hold:
 * <ul>
 *     <li>the call went through a gate;</li>
 *     <li>when it names a wait: the wait exceeds what it was allowed, what it was allowed is no less than what the
 *     call had left when it ended, the wait exceeds what the call had left (so the call really could not wait it
 *     out), the wait is no longer than {@code maxRetryAfter} (a hold never is), and a 429 answered to a gated call
 *     arrived before the call ended and at most {@code maxRetryAfter} before the hold's end (the 429 that started
 *     it);</li>
 *     <li>when it names none (the deadline came while waiting): the call ran until its timeout.</li>
 * </ul>
 * For a gate whose {@code maxWait} is at least the calls' timeout (the soak's gate keeps the default 60 s): then an
 * attempt's deadline is its call's.
 */
public final class GateTimeouts {
    /** Clock and scheduling slack between the test's clock readings and the gate's decision. */
    private static final Duration TOLERANCE = Duration.ofMillis(50);
    /** From a 429's arrival at the simulator to its report reaching the gate, on a loaded machine. */
    private static final Duration REPORT_SLACK = Duration.ofMillis(500);

    private final List<Instant> throttled;
    private final Duration timeout;
    private final Duration maxRetryAfter;
    private int withWait;
    private int atDeadline;

    /**
     * Creates the checker.
     *
     * @param throttledGatedArrivals the arrival times of the 429s answered to gated calls, sorted
     * @param timeout the calls' overall timeout
     * @param maxRetryAfter the gate's {@code maxRetryAfter}, the longest hold a 429 can start
     */
    public GateTimeouts(List<Instant> throttledGatedArrivals, Duration timeout, Duration maxRetryAfter) {
        this.throttled = List.copyOf(throttledGatedArrivals);
        this.timeout = timeout;
        this.maxRetryAfter = maxRetryAfter;
    }

    /**
     * Checks one time-out.
     *
     * @param error the time-out the call failed with
     * @param gated whether the call went through a gate
     * @param startedAt when the call was subscribed (before its budget started)
     * @param endedAt when the call's error reached the test (after the gate's decision)
     * @param tries the call's attempts, in order of arrival
     * @param call a description of the call for the messages
     * @throws AssertionError when the time-out is not justified
     */
    public void check(ThrottleGateTimeoutException error, boolean gated, Instant startedAt, Instant endedAt,
        List<JournalEntry> tries, String call) {
        assertThat(gated).as("%s: only a gate can time out in the gate", call).isTrue();
        Duration took = Duration.between(startedAt, endedAt);
        Duration leftAtEnd = timeout.minus(took);
        Duration wait = error.getWait();
        Duration allowed = error.getAllowed();
        if (wait == null) {
            atDeadline++;
            assertThat(took).as("%s: timed out in the gate without a known wait, so its deadline came: it ran its "
                + "timeout %s", call, timeout).isGreaterThanOrEqualTo(timeout.minus(TOLERANCE));
            return;
        }
        withWait++;
        assertThat(wait).as("%s: the wait it names exceeds what it was allowed", call).isGreaterThan(allowed);
        assertThat(allowed).as("%s: what it was allowed is no less than what the call had left at its end (%s)",
            call, leftAtEnd).isGreaterThanOrEqualTo(leftAtEnd.minus(TOLERANCE));
        assertThat(wait).as("%s: the wait it names exceeds what the call had left at its end (%s)", call, leftAtEnd)
            .isGreaterThan(leftAtEnd.minus(TOLERANCE));
        assertThat(wait).as("%s: the wait it names is no longer than maxRetryAfter", call)
            .isLessThanOrEqualTo(maxRetryAfter.plus(TOLERANCE));
        // The gate decided after the call's last answered attempt (or its start) and before the test saw the error.
        Instant decidedNotBefore = tries.isEmpty() ? startedAt : tries.get(tries.size() - 1).arrivedAt();
        Instant holdEndsNotBefore = decidedNotBefore.plus(wait);
        Instant earliest429 = holdEndsNotBefore.minus(maxRetryAfter).minus(REPORT_SLACK);
        assertThat(anyBetween(earliest429, endedAt)).as("%s: a 429 answered to a gated call arrived between %s (the "
            + "hold of %s ends after %s, and a 429 holds at most %s) and the call's end %s", call, earliest429, wait,
            holdEndsNotBefore, maxRetryAfter, endedAt).isTrue();
    }

    private boolean anyBetween(Instant from, Instant to) {
        int at = Collections.binarySearch(throttled, from);
        int index = at >= 0 ? at : -at - 1;
        return index < throttled.size() && !throttled.get(index).isAfter(to);
    }

    /**
     * What was checked.
     *
     * @return a line for the test's output
     */
    public String summary() {
        return "gate time-outs checked: " + withWait + " naming a hold's wait, " + atDeadline
            + " at their deadline; 429s answered to gated calls: " + throttled.size();
    }
}
