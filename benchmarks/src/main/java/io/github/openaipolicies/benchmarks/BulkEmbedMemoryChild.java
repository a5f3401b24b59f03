package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.samples.BulkEmbed;

/**
 * The JVM {@link BulkEmbedMemory} starts with a heap limit: runs BulkEmbed with the given arguments and this process's
 * environment (which points it at the simulator), then prints the heap it used as {@code key=value} lines and exits
 * with BulkEmbed's status.
 */
public final class BulkEmbedMemoryChild {
    static final String EXIT = "bulkembed.exit=";
    static final String LIVE = "heap.maxLiveAfterGc=";
    static final String PEAK = "heap.peakBound=";
    static final String MAX = "heap.max=";

    private BulkEmbedMemoryChild() {
    }

    /**
     * Runs BulkEmbed and reports the heap.
     *
     * @param args BulkEmbed's command line
     */
    public static void main(String[] args) {
        HeapWatch watch = HeapWatch.start();
        int exit = BulkEmbed.run(args, System.out, System.err, System.getenv());
        System.out.println(EXIT + exit);
        System.out.println(LIVE + watch.maxLiveAfterGc());
        System.out.println(PEAK + HeapWatch.heapPeakBound());
        System.out.println(MAX + Runtime.getRuntime().maxMemory());
        System.exit(exit);
    }
}
