package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.JournalEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run as the simulator saw it: successful requests (2xx) and 429 answers per time bucket, counted by arrival from
 * the start of the run. Other statuses (and connection resets) are left out. Immutable.
 */
final class RunTimeline {
    /** The bucket of the charts: 100 ms. */
    static final Duration BUCKET = Duration.ofMillis(100);

    private final Duration bucket;
    private final int[] successes;
    private final int[] throttled;

    private RunTimeline(Duration bucket, int[] successes, int[] throttled) {
        this.bucket = bucket;
        this.successes = successes;
        this.throttled = throttled;
    }

    /**
     * Counts a run's journal entries per bucket. An entry that arrived before {@code start} (which a run that reset
     * the simulator first never has) counts in the first bucket.
     *
     * @param entries the run's journal entries
     * @param start the start of the run: the left edge of bucket 0
     * @param bucket the bucket length, positive
     * @return the timeline, with as many buckets as reach the last entry (none for no entries)
     */
    static RunTimeline of(List<JournalEntry> entries, Instant start, Duration bucket) {
        Objects.requireNonNull(start, "start");
        if (bucket.isZero() || bucket.isNegative()) {
            throw new IllegalArgumentException("bucket must be positive, was " + bucket);
        }
        int buckets = 0;
        for (JournalEntry entry : entries) {
            buckets = Math.max(buckets, index(entry, start, bucket) + 1);
        }
        int[] successes = new int[buckets];
        int[] throttled = new int[buckets];
        for (JournalEntry entry : entries) {
            int index = index(entry, start, bucket);
            if (entry.status() == 429) {
                throttled[index]++;
            } else if (entry.status() >= 200 && entry.status() < 300) {
                successes[index]++;
            }
        }
        return new RunTimeline(bucket, successes, throttled);
    }

    private static int index(JournalEntry entry, Instant start, Duration bucket) {
        long offset = Duration.between(start, entry.arrivedAt()).toNanos();
        return (int) Math.max(0, offset / bucket.toNanos());
    }

    /**
     * The bucket length.
     *
     * @return the bucket
     */
    Duration bucket() {
        return bucket;
    }

    /**
     * How many buckets the run spans, up to the last entry's.
     *
     * @return the bucket count
     */
    int buckets() {
        return successes.length;
    }

    /**
     * Successful requests that arrived in a bucket.
     *
     * @param index the bucket, from 0
     * @return the count
     */
    int successes(int index) {
        return successes[index];
    }

    /**
     * 429 answers to requests that arrived in a bucket.
     *
     * @param index the bucket, from 0
     * @return the count
     */
    int throttled(int index) {
        return throttled[index];
    }

    /**
     * The most successes or 429s of any bucket.
     *
     * @return the highest count, 0 for an empty timeline
     */
    int peak() {
        int peak = 0;
        for (int i = 0; i < buckets(); i++) {
            peak = Math.max(peak, Math.max(successes[i], throttled[i]));
        }
        return peak;
    }

    /**
     * The start of a bucket, in seconds from the start of the run.
     *
     * @param index the bucket, from 0
     * @return seconds
     */
    double seconds(int index) {
        return index * (bucket.toNanos() / 1e9);
    }
}
