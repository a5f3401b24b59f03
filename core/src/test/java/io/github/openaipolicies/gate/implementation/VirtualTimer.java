// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link GateTimer} in virtual time, with the {@link #clock()} that reads it: time moves only when a test
 * {@linkplain #advanceBy advances} it, and every task due by then runs, in order of due time (then of scheduling),
 * with the clock set to its due time. As Reactor's {@code VirtualTimeScheduler} does, a task already due when it is
 * scheduled runs at once, unless tasks are being run already (then it runs in that loop). For tests of the gate and
 * of its adapters; thread-safe.
 */
public final class VirtualTimer implements GateTimer {
    private final Instant epoch;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
        Comparator.comparingLong((Task task) -> task.due).thenComparingLong(task -> task.sequence));
    private final AtomicLong work = new AtomicLong();
    private final Clock clock = new VirtualClock();
    private long sequence;
    private long nowNanos;
    private long deferredNanos;

    /**
     * A timer whose clock starts at {@code epoch}.
     *
     * @param epoch virtual time zero
     */
    public VirtualTimer(Instant epoch) {
        this.epoch = epoch;
    }

    /**
     * The clock of this virtual time line.
     *
     * @return the clock; {@link Clock#instant()} is the epoch plus the virtual time elapsed
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The virtual time elapsed.
     *
     * @param unit the unit
     * @return the elapsed time in {@code unit}
     */
    public synchronized long now(TimeUnit unit) {
        return unit.convert(nowNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Moves virtual time forward, running every task due by then.
     *
     * @param duration how far, zero or more
     */
    public void advanceBy(Duration duration) {
        synchronized (this) {
            deferredNanos += duration.toNanos();
        }
        drain();
    }

    /**
     * The tasks scheduled and not yet run or cancelled.
     *
     * @return the number of pending tasks
     */
    public synchronized int pending() {
        return tasks.size();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Task scheduled;
        synchronized (this) {
            scheduled = new Task(nowNanos + Math.max(0, unit.toNanos(delay)), sequence++, task);
            tasks.add(scheduled);
        }
        drain();
        return () -> {
            synchronized (this) {
                tasks.remove(scheduled);
            }
        };
    }

    private void drain() {
        long missed = work.incrementAndGet();
        if (missed != 1) {
            return;
        }
        while (true) {
            long target;
            synchronized (this) {
                target = nowNanos + deferredNanos;
                deferredNanos = 0;
            }
            while (true) {
                Task next;
                synchronized (this) {
                    next = tasks.peek();
                    if (next == null || next.due > target) {
                        break;
                    }
                    tasks.poll();
                    nowNanos = Math.max(nowNanos, next.due);
                }
                next.run.run();
            }
            synchronized (this) {
                nowNanos = Math.max(nowNanos, target);
            }
            missed = work.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private record Task(long due, long sequence, Runnable run) {
    }

    private final class VirtualClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return epoch.plusNanos(now(TimeUnit.NANOSECONDS));
        }
    }
}
