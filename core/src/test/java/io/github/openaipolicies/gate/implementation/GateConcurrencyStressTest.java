// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads at once on one key, sync and async, with cancellations and short holds, on the real clock and
 * scheduler: never more attempts in flight than the slow-start window allows (no double admission), and every
 * attempt is decided (no lost wake-up). Replay a failure with {@code -Dgate.seed=<seed>}.
 */
@Timeout(120) // only so that a regression that blocks fails instead of hanging the build
class GateConcurrencyStressTest {
    private static final String KEY = "stress";
    private static final int THREADS = 8;
    private static final int ATTEMPTS_PER_THREAD = 500;
    private static final int WINDOW = 3;

    @Test
    void noDoubleAdmissionAndNoLostWakeUp() throws Exception {
        long seed = Long.getLong("gate.seed", System.nanoTime());
        System.out.println("GateConcurrencyStressTest seed=" + seed);
        InMemoryThrottleGate gate = new InMemoryThrottleGate(new ThrottleGateOptions().setInitialAdmission(WINDOW),
            GateEnvironment.system());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger holds = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                        ThrottleRequest request = new ThrottleRequest(KEY, 1 + random.nextInt(5), Instant.now(),
                            Instant.now().plusSeconds(60));
                        ThrottleAdmission admission;
                        int mode = random.nextInt(10);
                        if (mode < 4) {
                            admission = gate.acquireSync(request);
                        } else if (mode < 9) {
                            admission = gate.acquire(request).get(60, TimeUnit.SECONDS);
                        } else {
                            // A caller that gives up: a successful cancel owns nothing; a failed one owns the
                            // admission that completed first.
                            CompletableFuture<ThrottleAdmission> got = gate.acquire(request);
                            if (got.cancel(false)) {
                                cancelled.incrementAndGet();
                            } else {
                                use(gate, got.join(), inFlight, mostInFlight, random, holds);
                                admitted.incrementAndGet();
                            }
                            continue;
                        }
                        use(gate, admission, inFlight, mostInFlight, random, holds);
                        admitted.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
            if (thread.isAlive()) {
                System.out.println("STUCK waiting=" + gate.waiting(KEY) + " inFlight=" + gate.inFlight(KEY)
                    + " admitted=" + admitted + " cancelled=" + cancelled);
            }
            assertThat(thread.isAlive()).as("seed %d: a thread never got its admission (lost wake-up)", seed)
                .isFalse();
        }

        assertThat(failure.get()).as("seed %d", seed).isNull();
        assertThat(mostInFlight.get()).as("seed %d: in flight at once", seed).isLessThanOrEqualTo(WINDOW);
        assertThat(admitted.get() + cancelled.get()).isEqualTo(THREADS * ATTEMPTS_PER_THREAD);
        assertThat(holds.get()).as("seed %d: short holds exercised the wake-ups", seed).isPositive();
        assertThat(cancelled.get()).as("seed %d: some subscribers gave up while waiting", seed).isPositive();
        assertThat(gate.inFlight(KEY)).isZero();
        assertThat(gate.waiting(KEY)).isZero();
    }

    /** Counts the attempt in flight, then reports an answer that never opens the window beyond its start. */
    private static void use(InMemoryThrottleGate gate, ThrottleAdmission admission, AtomicInteger inFlight,
        AtomicInteger mostInFlight, Random random, AtomicInteger holds) {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        mostInFlight.accumulateAndGet(gate.inFlight(KEY), Math::max);
        for (int spin = random.nextInt(500); spin > 0; spin--) {
            Thread.onSpinWait();
        }
        inFlight.decrementAndGet();
        if (random.nextInt(20) == 0) {
            holds.incrementAndGet();
            gate.report(admission, ThrottleFeedback.response(429, Duration.ofMillis(1 + random.nextInt(3)), null,
                null, null, null));
        } else {
            gate.report(admission, ThrottleFeedback.response(500, null, null, null, null, null));
        }
    }
}
