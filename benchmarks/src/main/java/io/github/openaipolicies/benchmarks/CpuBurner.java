package io.github.openaipolicies.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Threads that keep CPUs busy for as long as they run, so a {@link DistributedIngest} worker JVM competes for the
 * machine as it would on a loaded host ({@code --cpu-burn N}: N spinning threads in every worker). Each thread spins
 * on arithmetic at normal priority until {@link #close()}; they are daemon threads, so a JVM that exits without
 * closing them is not held up.
 */
final class CpuBurner implements AutoCloseable {
    private static final Duration JOIN = Duration.ofSeconds(30);

    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch started;
    private volatile boolean stopped;
    private volatile long sink;

    private CpuBurner(int threads) {
        this.started = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::spin, "cpu-burner-" + (i + 1));
            thread.setDaemon(true);
            this.threads.add(thread);
        }
    }

    /**
     * Starts {@code threads} spinning threads.
     *
     * @param threads how many, 0 for none
     * @return the burner; close it to stop them
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    static CpuBurner start(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("--cpu-burn must not be negative, was " + threads);
        }
        CpuBurner burner = new CpuBurner(threads);
        burner.threads.forEach(Thread::start);
        return burner;
    }

    /**
     * Waits until every thread spins.
     *
     * @param timeout how long to wait at most
     * @return how many threads spin (all of them unless the time ran out)
     * @throws InterruptedException if interrupted while waiting
     */
    int awaitSpinning(Duration timeout) throws InterruptedException {
        started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return threads.size() - (int) started.getCount();
    }

    /**
     * The threads still running.
     *
     * @return how many are alive
     */
    int alive() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }

    /** Stops every thread and waits for each to end (at most 30 s each). */
    @Override
    public void close() {
        stopped = true;
        for (Thread thread : threads) {
            try {
                thread.join(JOIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void spin() {
        started.countDown();
        long x = Thread.currentThread().getId();
        while (!stopped) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
            }
        }
        sink = x;
    }
}
