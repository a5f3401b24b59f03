// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The seeded sequence of faults the chaos soak queues in the simulator: one slot per request, most of them clean (a
 * zero {@link Fault#delay(Duration)}, which changes nothing), the rest drawn by weight from {@link ChaosFault}, and
 * one {@link ChaosFault#THROTTLE_STORM} in the middle. Requests take the slots in order of arrival, so which call gets
 * which fault depends on timing; the journal records what each request got, and {@link #kindOf} names it.
 */
public final class ChaosPlan {
    /** Per-mille weights of each kind per slot; the rest of the slots are clean. */
    private static final Map<ChaosFault, Integer> WEIGHTS = new EnumMap<>(Map.ofEntries(
        Map.entry(ChaosFault.RETRY_AFTER_MS, 70),
        Map.entry(ChaosFault.X_MS_RETRY_AFTER_MS, 35),
        Map.entry(ChaosFault.RETRY_AFTER_SECONDS, 15),
        Map.entry(ChaosFault.RETRY_AFTER_HTTP_DATE, 15),
        Map.entry(ChaosFault.RESET_TOKENS_ONLY, 20),
        Map.entry(ChaosFault.RETRY_AFTER_ABOVE_CAP, 15),
        Map.entry(ChaosFault.RETRY_AFTER_GARBAGE, 30),
        Map.entry(ChaosFault.RETRY_AFTER_ZERO, 25),
        Map.entry(ChaosFault.NO_DELAY_HEADER, 25),
        Map.entry(ChaosFault.SERVICE_UNAVAILABLE_BURST, 12),
        Map.entry(ChaosFault.RESET_BEFORE_RESPONSE, 30),
        Map.entry(ChaosFault.RESET_MID_BODY, 30),
        Map.entry(ChaosFault.TRUNCATED_200, 20),
        Map.entry(ChaosFault.SLOWER_THAN_CLIENT_TIMEOUT, 15),
        Map.entry(ChaosFault.INSUFFICIENT_QUOTA, 15)));

    private final Map<Fault, ChaosFault> kinds = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<ChaosFault, Integer> queued = new EnumMap<>(ChaosFault.class);
    private int slots;

    private ChaosPlan() {
    }

    /**
     * Draws a plan and queues it in the simulator.
     *
     * @param seed the seed
     * @param slots about how many request slots to fill (bursts may add a few)
     * @param simulator where to queue the faults
     * @return the plan
     */
    public static ChaosPlan queue(long seed, int slots, AzureOpenAISimulator simulator) {
        ChaosPlan plan = new ChaosPlan();
        SplittableRandom random = new SplittableRandom(seed);
        int stormAt = slots * 2 / 5;
        boolean stormQueued = false;
        while (plan.slots < slots) {
            if (!stormQueued && plan.slots >= stormAt) {
                plan.add(simulator, ChaosFault.THROTTLE_STORM, random);
                stormQueued = true;
                continue;
            }
            ChaosFault kind = draw(random);
            if (kind == null) {
                Fault none = Fault.delay(Duration.ZERO);
                simulator.injectFault(none, 1);
                plan.slots++;
            } else {
                plan.add(simulator, kind, random);
            }
        }
        return plan;
    }

    private void add(AzureOpenAISimulator simulator, ChaosFault kind, SplittableRandom random) {
        Fault fault = kind.make(random);
        int times = kind.times(random);
        kinds.put(fault, kind);
        simulator.injectFault(fault, times);
        queued.merge(kind, times, Integer::sum);
        slots += times;
    }

    private static ChaosFault draw(SplittableRandom random) {
        int roll = random.nextInt(1000);
        for (Map.Entry<ChaosFault, Integer> weight : WEIGHTS.entrySet()) {
            roll -= weight.getValue();
            if (roll < 0) {
                return weight.getKey();
            }
        }
        return null;
    }

    /**
     * The kind of fault a request got.
     *
     * @param entry its journal entry
     * @return the kind, or empty for a clean slot (or none left)
     */
    public Optional<ChaosFault> kindOf(JournalEntry entry) {
        return entry.fault() == null ? Optional.empty() : Optional.ofNullable(kinds.get(entry.fault()));
    }

    /** {@return how many requests each kind was queued for} */
    public Map<ChaosFault, Integer> queued() {
        return Collections.unmodifiableMap(queued);
    }
}
