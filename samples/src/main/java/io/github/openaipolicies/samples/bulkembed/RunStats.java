// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The counters of one run, updated from any thread.
 *
 * <p>A <em>request</em> is one embeddings call as the job sees it; an <em>attempt</em> is one HTTP exchange the
 * pipeline sends for it (the first try and every retry), counted by {@link AttemptCountingPolicy}.</p>
 */
public final class RunStats {
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final AtomicLong endNanos = new AtomicLong(Long.MIN_VALUE);
    private final long chunksTotal;
    private final AtomicLong chunksEmbedded = new AtomicLong();
    private final AtomicLong chunksFailed = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong requestsSucceeded = new AtomicLong();
    private final AtomicLong requestsFailed = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong tokensEmbedded = new AtomicLong();

    /**
     * Starts the clock of a run.
     *
     * @param chunksTotal the chunks the run has to embed
     * @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    public RunStats(long chunksTotal, LongSupplier nanoClock) {
        this.chunksTotal = chunksTotal;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Counts an embeddings call about to be sent. */
    public void requestStarted() {
        requests.incrementAndGet();
    }

    /**
     * Counts a successful call.
     *
     * @param chunks the chunks it embedded
     * @param tokens the prompt tokens the service reported (or the estimate when it reported none)
     */
    public void requestSucceeded(int chunks, long tokens) {
        requestsSucceeded.incrementAndGet();
        chunksEmbedded.addAndGet(chunks);
        tokensEmbedded.addAndGet(tokens);
    }

    /**
     * Counts a call that failed for good (after its retries).
     *
     * @param chunks the chunks left without a vector
     */
    public void requestFailed(int chunks) {
        requestsFailed.incrementAndGet();
        chunksFailed.addAndGet(chunks);
    }

    /**
     * Counts one HTTP attempt and its outcome.
     *
     * @param status the response status, or 0 when no response came (connection error)
     * @param retry whether an earlier attempt of the same call came before it
     */
    public void attempt(int status, boolean retry) {
        attempts.incrementAndGet();
        if (retry) {
            retries.incrementAndGet();
        }
        if (status == 429) {
            throttled.incrementAndGet();
        } else if (status == 401) {
            unauthorized.incrementAndGet();
        }
    }

    /** Stops the clock; the first call wins. */
    public void finish() {
        endNanos.compareAndSet(Long.MIN_VALUE, nanoClock.getAsLong());
    }

    /**
     * The counters now.
     *
     * @return an immutable copy
     */
    public Snapshot snapshot() {
        long end = endNanos.get() == Long.MIN_VALUE ? nanoClock.getAsLong() : endNanos.get();
        return new Snapshot(chunksTotal, chunksEmbedded.get(), chunksFailed.get(), requests.get(),
            requestsSucceeded.get(), requestsFailed.get(), attempts.get(), retries.get(), throttled.get(),
            unauthorized.get(), tokensEmbedded.get(), Duration.ofNanos(end - startNanos));
    }

    /**
     * The counters at one moment.
     *
     * @param chunksTotal chunks to embed
     * @param chunksEmbedded chunks with a vector written
     * @param chunksFailed chunks whose request failed for good
     * @param requests embeddings calls sent (including calls cancelled in flight)
     * @param requestsSucceeded calls that returned vectors
     * @param requestsFailed calls that failed for good
     * @param attempts HTTP attempts (first tries and retries)
     * @param retries attempts after the first of their call
     * @param throttled attempts answered 429
     * @param unauthorized attempts answered 401
     * @param tokensEmbedded prompt tokens of successful calls
     * @param elapsed time since the run started (until it finished, once it has)
     */
    public record Snapshot(long chunksTotal, long chunksEmbedded, long chunksFailed, long requests,
                           long requestsSucceeded, long requestsFailed, long attempts, long retries, long throttled,
                           long unauthorized, long tokensEmbedded, Duration elapsed) {
        /**
         * Chunks embedded per second so far.
         *
         * @return the rate, 0 before any time has passed
         */
        public double chunksPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : chunksEmbedded / seconds;
        }

        /**
         * A per-minute rate of a count over the elapsed time.
         *
         * @param count the count
         * @return count per minute, 0 before any time has passed
         */
        public double perMinute(long count) {
            double minutes = elapsed.toNanos() / 60e9;
            return minutes <= 0 ? 0 : count / minutes;
        }
    }
}
