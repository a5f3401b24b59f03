package io.github.openaipolicies.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap of this JVM: the most heap still in use right after a garbage collection (what the program
 * holds), and the sum of the heap pools' peaks (an upper bound of the heap ever in use, garbage included).
 */
final class HeapWatch {
    private final AtomicLong maxAfterGc = new AtomicLong();

    private HeapWatch() {
    }

    /**
     * Starts watching every collector of this JVM.
     *
     * @return the watch
     */
    static HeapWatch start() {
        HeapWatch watch = new HeapWatch();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                        notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData());
                        long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                            .mapToLong(MemoryUsage::getUsed).sum();
                        watch.maxAfterGc.accumulateAndGet(used - nonHeapAfterGc(info), Math::max);
                    }
                }, null, null);
            }
        }
        return watch;
    }

    private static long nonHeapAfterGc(GarbageCollectionNotificationInfo info) {
        long nonHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
            if (pool.getType() == MemoryType.NON_HEAP && usage != null) {
                nonHeap += usage.getUsed();
            }
        }
        return nonHeap;
    }

    /**
     * The most heap in use right after a collection, so far.
     *
     * @return bytes
     */
    long maxLiveAfterGc() {
        return maxAfterGc.get();
    }

    /**
     * The sum of the heap pools' peak usage: no heap use was ever above it.
     *
     * @return bytes
     */
    static long heapPeakBound() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
            .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }
}
