// Licensed under the MIT License.
package io.github.openaipolicies.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Samples the live heap of this JVM while a program runs: every period, a full collection ({@code System.gc()}) and a
 * reading of the used heap, which right after a full collection is what the program holds. A collection the JVM runs
 * on its own (a young one) leaves garbage in the old generation counted as used, so only these readings bound what is
 * live. Runs on one daemon thread; {@link #stop()} takes a last reading.
 */
final class LiveHeapSampler {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile long maxLive;
    private volatile int samples;

    private LiveHeapSampler(Duration period) {
        this.thread = new Thread(() -> {
            try {
                while (!stopped.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
                    sample();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "live-heap-sampler");
        thread.setDaemon(true);
    }

    /**
     * Starts sampling.
     *
     * @param period the time between two readings
     * @return the sampler
     */
    static LiveHeapSampler start(Duration period) {
        LiveHeapSampler sampler = new LiveHeapSampler(period);
        sampler.thread.start();
        return sampler;
    }

    /**
     * Stops sampling; takes no reading itself (the program's objects may be unreachable by now).
     *
     * @throws InterruptedException if interrupted while the sampling thread ends
     */
    void stop() throws InterruptedException {
        stopped.countDown();
        thread.join();
    }

    private synchronized void sample() {
        System.gc();
        long used = memory.getHeapMemoryUsage().getUsed();
        maxLive = Math.max(maxLive, used);
        samples++;
    }

    /**
     * The most heap in use right after a full collection, over the readings taken.
     *
     * @return bytes; 0 before the first reading
     */
    long maxLive() {
        return maxLive;
    }

    /**
     * The readings taken.
     *
     * @return how many
     */
    int samples() {
        return samples;
    }
}
