// Licensed under the MIT License.
package io.github.openaipolicies.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The sums behind the up-down counters' gauges, one per registry, name and tags. A registry keeps the first gauge
 * registered under an id and ignores the state of a later one, so every sink and pipeline recording into the same
 * registry must add to the same sum, or the deltas of all but the first would be lost.
 */
final class UpDownSums {
    /** By registry, held weakly: a registry nobody uses may go, with its sums. */
    private static final Map<MeterRegistry, ConcurrentMap<Id, AtomicLong>> BY_REGISTRY =
        Collections.synchronizedMap(new WeakHashMap<>());

    private UpDownSums() {
    }

    /**
     * The sum of a name and tags in a registry; {@code register} registers a new one's gauge, once.
     *
     * @param registry the registry
     * @param name the meter's name
     * @param tags its tags
     * @param register registers the gauge over a new sum
     * @return the sum
     */
    static AtomicLong of(MeterRegistry registry, String name, Tags tags, Consumer<AtomicLong> register) {
        ConcurrentMap<Id, AtomicLong> sums = BY_REGISTRY.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
        return sums.computeIfAbsent(new Id(name, tags), id -> {
            AtomicLong sum = new AtomicLong();
            register.accept(sum);
            return sum;
        });
    }

    /** A meter's identity in a registry: its name and tags. */
    private record Id(String name, Tags tags) {
    }
}
