// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleFeedback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A deterministic virtual-time model of callers, one {@link KeyLedger} and a fake server: {@code callers} callers
 * each send one attempt after another through the ledger (oldest waiter first, as {@link KeyQueue} does: after every
 * answer, and at the time a refusal names), the server decides each attempt when it arrives (half the latency after
 * admission) and the answer comes back after the whole latency. A 429'd caller asks again at once (the ledger holds
 * it). No threads, no clock: an event queue ordered by virtual time.
 */
final class LedgerSimulation {
    /** A fake server: decides one attempt arriving at {@code millis}. */
    interface Server {
        /**
         * The answer to one attempt.
         *
         * @param millis the arrival time, in virtual milliseconds
         * @return the feedback the answer carries
         */
        ThrottleFeedback decide(long millis);
    }

    /** What a run produced. */
    record Result(long sent, long throttled, long succeeded, long elapsedMillis) {
        double throttledShare() {
            return sent == 0 ? 0 : (double) throttled / sent;
        }

        /**
         * Successes against what the quota admits in the elapsed time, as the benchmarks count it: {@code quota} per
         * window, one window more than the elapsed time spans (a run may start at a window's end).
         */
        double goodput(int quota, Duration window) {
            return succeeded / (quota * ((double) elapsedMillis / window.toMillis() + 1));
        }

        @Override
        public String toString() {
            return "sent=" + sent + " 429s=" + throttled + " succeeded=" + succeeded + " elapsed=" + elapsedMillis
                + "ms";
        }
    }

    private record Event(long millis, long order, Runnable action) {
    }

    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private final KeyLedger ledger;
    private final Server server;
    private final Random random;
    private final long minLatency;
    private final long maxLatency;
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.millis != b.millis
        ? Long.compare(a.millis, b.millis) : Long.compare(a.order, b.order));
    private final Deque<Integer> waiting = new ArrayDeque<>();
    private long order;
    private long now;
    private long wakeAt = Long.MAX_VALUE;
    private long stopAt;
    private long sent;
    private long throttled;
    private long succeeded;
    /** Whether a 429'd caller waits the answer's delay before it asks the ledger again, as RetryAfterPolicy does. */
    boolean retryWaits;

    LedgerSimulation(GateSettings settings, Server server, long seed, long minLatency, long maxLatency) {
        this.ledger = new KeyLedger(settings, T0);
        this.server = server;
        this.random = new Random(seed);
        this.minLatency = minLatency;
        this.maxLatency = maxLatency;
    }

    KeyLedger ledger() {
        return ledger;
    }

    /** Runs {@code callers} callers from now until {@code millis} later; returns what this run produced. */
    Result run(int callers, long millis) {
        long sentBefore = sent;
        long throttledBefore = throttled;
        long succeededBefore = succeeded;
        long start = now;
        stopAt = now + millis;
        for (int i = 0; i < callers; i++) {
            waiting.addLast(i);
        }
        pump();
        while (!events.isEmpty() && events.peek().millis <= stopAt) {
            Event event = events.poll();
            now = event.millis;
            event.action.run();
        }
        // Let every attempt in flight come back, without sending new ones.
        waiting.clear();
        while (!events.isEmpty()) {
            Event event = events.poll();
            now = Math.max(now, event.millis);
            event.action.run();
        }
        wakeAt = Long.MAX_VALUE;
        now = Math.max(now, stopAt);
        return new Result(sent - sentBefore, throttled - throttledBefore, succeeded - succeededBefore,
            stopAt - start);
    }

    /** Lets virtual time pass with nothing sent. */
    void pause(long millis) {
        now += millis;
    }

    long now() {
        return now;
    }

    Instant instant() {
        return T0.plusMillis(now);
    }

    private void at(long millis, Runnable action) {
        events.add(new Event(millis, order++, action));
    }

    private void pump() {
        while (!waiting.isEmpty() && now < stopAt) {
            LedgerDecision decision = ledger.tryTake(1, instant());
            if (!decision.admitted()) {
                if (decision.retryAt() != null) {
                    long retry = Math.max(now, decision.retryAt().toEpochMilli() - T0.toEpochMilli());
                    if (retry < wakeAt) {
                        wakeAt = retry;
                        at(retry, () -> {
                            if (wakeAt == retry) {
                                wakeAt = Long.MAX_VALUE;
                                pump();
                            }
                        });
                    }
                }
                return;
            }
            int caller = waiting.pollFirst();
            send(caller, decision);
        }
    }

    private void send(int caller, LedgerDecision decision) {
        sent++;
        long latency = minLatency + (maxLatency > minLatency ? random.nextInt((int) (maxLatency - minLatency + 1))
            : 0);
        long arrival = now + latency / 2;
        at(arrival, () -> {
            ThrottleFeedback feedback = server.decide(arrival);
            if (feedback.isThrottled()) {
                throttled++;
            } else {
                succeeded++;
            }
            at(arrival + latency - latency / 2, () -> {
                ledger.observe(decision.sequence(), decision.cost(), feedback, instant());
                if (retryWaits && feedback.isThrottled()) {
                    at(now + feedback.retryAfter().toMillis(), () -> {
                        if (now < stopAt) {
                            waiting.addLast(caller);
                        }
                        pump();
                    });
                } else if (now < stopAt) {
                    waiting.addLast(caller);
                }
                pump();
            });
        });
    }

    /** A 429 with only a whole-second {@code Retry-After}, rounded up from the exact wait: no counters. */
    static ThrottleFeedback sparse429(long exactMillis) {
        return ThrottleFeedback.response(429, Duration.ofSeconds(Math.max(1, (exactMillis + 999) / 1000)), null,
            null, null, null);
    }

    static final ThrottleFeedback BARE_OK = ThrottleFeedback.response(200, null, null, null, null, null);

    /** {@code quota} requests per fixed window of {@code window}, the first starting at {@code offset}. */
    static Server fixedWindow(int quota, Duration window, long offset) {
        long length = window.toMillis();
        return new Server() {
            private long windowIndex = Long.MIN_VALUE;
            private int used;

            @Override
            public ThrottleFeedback decide(long millis) {
                long index = Math.floorDiv(millis - offset, length);
                if (index != windowIndex) {
                    windowIndex = index;
                    used = 0;
                }
                if (used < quota) {
                    used++;
                    return BARE_OK;
                }
                return sparse429((index + 1) * length + offset - millis);
            }
        };
    }

    /** {@code quota} requests per sliding window of {@code window}: each admitted request counts for a window. */
    static Server slidingWindow(int quota, Duration window) {
        long length = window.toMillis();
        return new Server() {
            private final Deque<Long> admitted = new ArrayDeque<>();

            @Override
            public ThrottleFeedback decide(long millis) {
                while (!admitted.isEmpty() && admitted.peekFirst() + length <= millis) {
                    admitted.pollFirst();
                }
                if (admitted.size() < quota) {
                    admitted.addLast(millis);
                    return BARE_OK;
                }
                return sparse429(admitted.peekFirst() + length - millis);
            }
        };
    }
}
