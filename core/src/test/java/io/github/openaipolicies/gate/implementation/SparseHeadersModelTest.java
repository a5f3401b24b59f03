// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sparse-headers case in virtual time: a server that answers its 429s with a whole-second {@code Retry-After}
 * only and sends no counters on any answer, a short window (where rounding to whole seconds costs the most), 16
 * callers (the {@code ThrottledIngest} benchmark's) that retry a 429 after its delay as {@code RetryAfterPolicy}
 * does, and a loopback-like latency of 2 to 20 ms. Targets (issue 20): a 429 share of at most 0.15 and a goodput of
 * at least 0.75 of the quota; a burst after a lull: a 429 share of at most 0.10.
 */
class SparseHeadersModelTest {
    private static final GateSettings DEFAULTS = new GateSettings(4, Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofMinutes(10));
    private static final int CALLERS = 16;
    private static final Duration SHORT = Duration.ofSeconds(2);

    @Test
    void aFixedWindowOfFortyPerTwoSeconds() {
        assertMeetsTheTargets("fixed 40 per 2 s", LedgerSimulation.fixedWindow(40, SHORT, 700), 40, SHORT);
    }

    @Test
    void aSlidingWindowOfFortyPerTwoSeconds() {
        assertMeetsTheTargets("sliding 40 per 2 s", LedgerSimulation.slidingWindow(40, SHORT), 40, SHORT);
    }

    @Test
    void azuresRequestWindowOfTwoHundredPerTenSeconds() {
        Duration window = Duration.ofSeconds(10);
        assertMeetsTheTargets("sliding 200 per 10 s", LedgerSimulation.slidingWindow(200, window), 200, window);
    }

    @Test
    void sixtyFourCallersAgainstAFixedWindow() {
        LedgerSimulation simulation = new LedgerSimulation(DEFAULTS, LedgerSimulation.fixedWindow(40, SHORT, 300), 7,
            2, 20);
        simulation.retryWaits = true;
        LedgerSimulation.Result result = simulation.run(64, 20 * SHORT.toMillis());
        print("fixed 40 per 2 s, 64 callers", result, 40, SHORT);
        assertThat(result.throttledShare()).isLessThanOrEqualTo(0.15);
        assertThat(result.goodput(40, SHORT)).isGreaterThanOrEqualTo(0.75);
    }

    /**
     * The same server through the whole in-memory gate (its queue, wake-ups and fast path) in virtual time, 64 callers
     * with 10 ms round trips.
     */
    @Test
    void throughTheInMemoryGate() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions())) {
            LedgerSimulation.Server server = LedgerSimulation.fixedWindow(40, SHORT, 700);
            long[] sentAndThrottled = new long[2];
            long end = 20 * SHORT.toMillis();
            for (int i = 0; i < 64; i++) {
                call(v, server, sentAndThrottled, end);
            }
            v.advance(end + 5_000);

            LedgerSimulation.Result result = new LedgerSimulation.Result(sentAndThrottled[0], sentAndThrottled[1],
                sentAndThrottled[0] - sentAndThrottled[1], end);
            print("fixed 40 per 2 s through InMemoryThrottleGate, 64 callers", result, 40, SHORT);
            assertThat(result.throttledShare()).isLessThanOrEqualTo(0.15);
            assertThat(result.goodput(40, SHORT)).isGreaterThanOrEqualTo(0.75);
        }
    }

    /** One caller: through the gate, 5 ms to the server, 5 ms back, a 429's delay, and again until {@code end}. */
    private static void call(VirtualGate v, LedgerSimulation.Server server, long[] sentAndThrottled, long end) {
        if (v.nowMillis() >= end) {
            return;
        }
        v.gate.acquire(VirtualGate.request(v.nowMillis())).thenAccept(admission ->
            v.timer.schedule(() -> {
                ThrottleFeedback feedback = server.decide(v.nowMillis());
                if (v.nowMillis() <= end) {
                    sentAndThrottled[0]++;
                    sentAndThrottled[1] += feedback.isThrottled() ? 1 : 0;
                }
                v.timer.schedule(() -> {
                    v.gate.report(admission, feedback);
                    long retry = feedback.isThrottled() ? feedback.retryAfter().toMillis() : 0;
                    v.timer.schedule(() -> call(v, server, sentAndThrottled, end), retry, TimeUnit.MILLISECONDS);
                }, 5, TimeUnit.MILLISECONDS);
            }, 5, TimeUnit.MILLISECONDS));
    }

    private static void assertMeetsTheTargets(String name, LedgerSimulation.Server server, int quota,
        Duration window) {
        LedgerSimulation simulation = new LedgerSimulation(DEFAULTS, server, 20, 2, 20);
        simulation.retryWaits = true;
        LedgerSimulation.Result steady = simulation.run(CALLERS, 20 * window.toMillis());
        print(name, steady, quota, window);
        assertThat(steady.throttledShare()).as(name).isLessThanOrEqualTo(0.15);
        assertThat(steady.goodput(quota, window)).as(name).isGreaterThanOrEqualTo(0.75);

        simulation.pause(5_000);
        LedgerSimulation.Result burst = simulation.run(10 * CALLERS, 4 * window.toMillis());
        print(name + ", burst of " + 10 * CALLERS + " callers after a 5 s lull", burst, quota, window);
        assertThat(burst.throttledShare()).as(name + " after a lull").isLessThanOrEqualTo(0.10);
    }

    private static void print(String name, LedgerSimulation.Result result, int quota, Duration window) {
        System.out.printf("SparseHeadersModelTest %s: 429 share %.3f, goodput %.3f (%s)%n", name,
            result.throttledShare(), result.goodput(quota, window), result);
    }
}
