package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.samples.BulkEmbed;
import java.time.Duration;

/**
 * The JVM {@link BulkEmbedMemory} starts with a heap limit: runs BulkEmbed with the given arguments and this process's
 * environment (which points it at the simulator), then prints the heap it used as {@code key=value} lines and exits
 * with BulkEmbed's status. While BulkEmbed runs, a {@link LiveHeapSampler} reads the live heap after a full collection
 * every {@code -Dbulkembed.liveSampleMillis} (default 500 ms).
 */
public final class BulkEmbedMemoryChild {
    static final String EXIT = "bulkembed.exit=";
    static final String LIVE = "heap.maxLiveAfterGc=";
    static final String PEAK = "heap.peakBound=";
    static final String MAX = "heap.max=";
    static final String SAMPLED = "heap.maxLiveSampled=";
    static final String SAMPLES = "heap.liveSamples=";
    /** The system property naming the time between two live-heap readings, in milliseconds. */
    static final String SAMPLE_MILLIS = "bulkembed.liveSampleMillis";

    private BulkEmbedMemoryChild() {
    }

    /**
     * Runs BulkEmbed and reports the heap.
     *
     * @param args BulkEmbed's command line
     * @throws InterruptedException if interrupted while the live-heap sampler stops
     */
    public static void main(String[] args) throws InterruptedException {
        HeapWatch watch = HeapWatch.start();
        LiveHeapSampler sampler = LiveHeapSampler.start(Duration.ofMillis(Long.getLong(SAMPLE_MILLIS, 500)));
        int exit = BulkEmbed.run(args, System.out, System.err, System.getenv());
        sampler.stop();
        System.out.println(EXIT + exit);
        System.out.println(SAMPLED + sampler.maxLive());
        System.out.println(SAMPLES + sampler.samples());
        System.out.println(LIVE + watch.maxLiveAfterGc());
        System.out.println(PEAK + HeapWatch.heapPeakBound());
        System.out.println(MAX + Runtime.getRuntime().maxMemory());
        System.exit(exit);
    }
}
