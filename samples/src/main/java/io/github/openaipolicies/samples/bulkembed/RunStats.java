// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The counters of one run, updated from any thread.
 *
 * <p>A <em>request</em> is one embeddings call as the job sees it; an <em>attempt</em> is one HTTP exchange the
 * pipeline sends for it (the first try and every retry), counted by {@link AttemptCountingPolicy}.</p>
 *
 * <p>The corpus is read while it is embedded, so the number of chunks is known only once reading ends; until then
 * {@link Snapshot#chunksTotal()} extrapolates it from the bytes read so far.</p>
 */
public final class RunStats {
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final AtomicLong endNanos = new AtomicLong(Long.MIN_VALUE);
    private final long chunksTotal;
    private final AtomicLong chunksMade = new AtomicLong();
    private final AtomicLong chunksAlreadyDone = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    private final AtomicLong filesTotal = new AtomicLong();
    private final AtomicBoolean readingDone = new AtomicBoolean();
    private final Map<SkipReason, AtomicLong> skipped = new EnumMap<>(SkipReason.class);
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
    private final AtomicLong gateHeldNanos = new AtomicLong();
    private final AtomicLong longestHoldNanos = new AtomicLong();

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
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, new AtomicLong());
        }
    }

    /**
     * Starts the clock of a run whose chunks are counted as the corpus is read ({@link #chunkMade()}).
     *
     * @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    public RunStats(LongSupplier nanoClock) {
        this(0, nanoClock);
    }

    /**
     * Records the size of the corpus as listed, before it is read.
     *
     * @param files the files to read
     * @param bytes their total size
     */
    public void corpusListed(long files, long bytes) {
        filesTotal.set(files);
        bytesTotal.set(bytes);
    }

    /**
     * Counts bytes of the corpus read (or skipped unread).
     *
     * @param bytes the bytes
     */
    public void bytesRead(long bytes) {
        bytesRead.addAndGet(bytes);
    }

    /** Counts one chunk made from the corpus. */
    public void chunkMade() {
        chunksMade.incrementAndGet();
    }

    /** Records that the whole corpus has been read and chunked. */
    public void readingFinished() {
        readingDone.set(true);
    }

    /**
     * Counts a file or folder left out of the corpus.
     *
     * @param reason why
     */
    public void skipped(SkipReason reason) {
        skipped.get(reason).incrementAndGet();
    }

    /**
     * Counts chunks not sent because a previous run's output already holds them ({@code --resume}).
     *
     * @param chunks the chunks
     */
    public void alreadyDone(int chunks) {
        chunksAlreadyDone.addAndGet(chunks);
    }

    /**
     * Counts chunks that failed for good, for calls already counted (the halves of a refused batch).
     *
     * @param chunks the chunks left without a vector
     */
    public void chunksFailed(int chunks) {
        chunksFailed.addAndGet(chunks);
    }

    /** Counts a call that failed, without counting its chunks as failed (they are retried in halves). */
    public void requestRefused() {
        requestsFailed.incrementAndGet();
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

    /**
     * Counts the time one attempt was held in the throttle gate ({@link GateHoldRecorder}).
     *
     * @param held the time held, zero when it went at once
     */
    public void gateHeld(Duration held) {
        long nanos = held.toNanos();
        gateHeldNanos.addAndGet(nanos);
        longestHoldNanos.accumulateAndGet(nanos, Math::max);
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
        Map<SkipReason, Long> skips = new EnumMap<>(SkipReason.class);
        skipped.forEach((reason, count) -> {
            if (count.get() > 0) {
                skips.put(reason, count.get());
            }
        });
        boolean done = readingDone.get() || chunksTotal > 0;
        long made = chunksMade.get();
        long total = chunksTotal > 0 ? chunksTotal
            : Math.max(0, (done ? made : estimateTotal(made)) - chunksAlreadyDone.get());
        return new Snapshot(total, chunksEmbedded.get(), chunksFailed.get(), requests.get(),
            requestsSucceeded.get(), requestsFailed.get(), attempts.get(), retries.get(), throttled.get(),
            unauthorized.get(), tokensEmbedded.get(), Duration.ofNanos(end - startNanos), done, bytesRead.get(),
            bytesTotal.get(), filesTotal.get(), Collections.unmodifiableMap(skips), chunksAlreadyDone.get(),
            Duration.ofNanos(gateHeldNanos.get()), Duration.ofNanos(longestHoldNanos.get()));
    }

    private long estimateTotal(long made) {
        long read = bytesRead.get();
        long total = bytesTotal.get();
        if (read <= 0 || total <= read) {
            return made;
        }
        return Math.max(made, (long) Math.ceil(made * (double) total / read));
    }

    /**
     * The counters at one moment.
     *
     * @param chunksTotal chunks to embed in this run (not counting those already done)
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
     * @param readingDone whether the corpus has been read to its end, so that {@code chunksTotal} is exact
     * @param bytesRead bytes of the corpus read so far
     * @param bytesTotal bytes of the corpus as listed
     * @param filesTotal files of the corpus as listed
     * @param skippedFiles files and folders left out, by reason (reasons with none are absent)
     * @param chunksAlreadyDone chunks a previous run had written, not sent again ({@code --resume})
     * @param gateHeld time attempts were held in the throttle gate, summed over attempts
     * @param longestHold the longest time one attempt was held in the throttle gate
     */
    public record Snapshot(long chunksTotal, long chunksEmbedded, long chunksFailed, long requests,
                           long requestsSucceeded, long requestsFailed, long attempts, long retries, long throttled,
                           long unauthorized, long tokensEmbedded, Duration elapsed, boolean readingDone,
                           long bytesRead, long bytesTotal, long filesTotal, Map<SkipReason, Long> skippedFiles,
                           long chunksAlreadyDone, Duration gateHeld, Duration longestHold) {
        /**
         * The counters of a run in which no attempt was held in the throttle gate.
         *
         * @param chunksTotal chunks to embed in this run (not counting those already done)
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
         * @param readingDone whether the corpus has been read to its end, so that {@code chunksTotal} is exact
         * @param bytesRead bytes of the corpus read so far
         * @param bytesTotal bytes of the corpus as listed
         * @param filesTotal files of the corpus as listed
         * @param skippedFiles files and folders left out, by reason (reasons with none are absent)
         * @param chunksAlreadyDone chunks a previous run had written, not sent again ({@code --resume})
         */
        public Snapshot(long chunksTotal, long chunksEmbedded, long chunksFailed, long requests,
                        long requestsSucceeded, long requestsFailed, long attempts, long retries, long throttled,
                        long unauthorized, long tokensEmbedded, Duration elapsed, boolean readingDone,
                        long bytesRead, long bytesTotal, long filesTotal, Map<SkipReason, Long> skippedFiles,
                        long chunksAlreadyDone) {
            this(chunksTotal, chunksEmbedded, chunksFailed, requests, requestsSucceeded, requestsFailed, attempts,
                retries, throttled, unauthorized, tokensEmbedded, elapsed, readingDone, bytesRead, bytesTotal,
                filesTotal, skippedFiles, chunksAlreadyDone, Duration.ZERO, Duration.ZERO);
        }

        /**
         * The counters of a run whose corpus was fully read, with nothing skipped.
         *
         * @param chunksTotal chunks to embed
         * @param chunksEmbedded chunks with a vector written
         * @param chunksFailed chunks whose request failed for good
         * @param requests embeddings calls sent
         * @param requestsSucceeded calls that returned vectors
         * @param requestsFailed calls that failed for good
         * @param attempts HTTP attempts
         * @param retries attempts after the first of their call
         * @param throttled attempts answered 429
         * @param unauthorized attempts answered 401
         * @param tokensEmbedded prompt tokens of successful calls
         * @param elapsed time since the run started
         */
        public Snapshot(long chunksTotal, long chunksEmbedded, long chunksFailed, long requests,
                        long requestsSucceeded, long requestsFailed, long attempts, long retries, long throttled,
                        long unauthorized, long tokensEmbedded, Duration elapsed) {
            this(chunksTotal, chunksEmbedded, chunksFailed, requests, requestsSucceeded, requestsFailed, attempts,
                retries, throttled, unauthorized, tokensEmbedded, elapsed, true, 0, 0, 0, Map.of(), 0);
        }

        /**
         * Files and folders left out of the corpus, all reasons together.
         *
         * @return the count
         */
        public long skippedTotal() {
            return skippedFiles.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * The time left at the rate so far, for the chunks not yet embedded or failed.
         *
         * @return the estimate, or empty before the first chunk is done
         */
        public Optional<Duration> eta() {
            long done = chunksEmbedded + chunksFailed;
            if (done <= 0 || elapsed.isZero()) {
                return Optional.empty();
            }
            long left = Math.max(0, chunksTotal - done);
            return Optional.of(Duration.ofNanos((long) (elapsed.toNanos() * (double) left / done)));
        }
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
