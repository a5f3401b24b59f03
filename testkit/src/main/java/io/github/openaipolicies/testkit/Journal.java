package io.github.openaipolicies.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every request the simulator received since it started or was last {@link AzureOpenAISimulator#reset() reset}, in
 * order of arrival. Thread-safe; each query returns a snapshot.
 */
public final class Journal {
    private final List<JournalEntry> entries = new ArrayList<>();

    Journal() {
    }

    /**
     * All entries, in order of arrival.
     *
     * @return an immutable snapshot
     */
    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    /**
     * The entries that named a deployment, in order of arrival.
     *
     * @param deployment the deployment name
     * @return an immutable snapshot
     */
    public synchronized List<JournalEntry> entries(String deployment) {
        Objects.requireNonNull(deployment, "deployment");
        return entries.stream().filter(entry -> deployment.equals(entry.deployment())).toList();
    }

    /**
     * The number of requests answered with a status.
     *
     * @param status an HTTP status, or 0 for connection resets
     * @return the count
     */
    public synchronized long count(int status) {
        return entries.stream().filter(entry -> entry.status() == status).count();
    }

    /**
     * The number of requests per status answered.
     *
     * @return an immutable map from status (0 for connection resets) to count, sorted by status
     */
    public synchronized Map<Integer, Long> countsByStatus() {
        Map<Integer, Long> counts = new TreeMap<>();
        entries.forEach(entry -> counts.merge(entry.status(), 1L, Long::sum));
        return Collections.unmodifiableMap(counts);
    }

    /**
     * The number of entries.
     *
     * @return the number of requests recorded
     */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * Adds an entry, keeping the list ordered by arrival even when concurrent requests finish out of order.
     */
    synchronized void record(JournalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        int index = entries.size();
        while (index > 0 && entries.get(index - 1).arrivedAt().isAfter(entry.arrivedAt())) {
            index--;
        }
        entries.add(index, entry);
    }

    synchronized void clear() {
        entries.clear();
    }

    @Override
    public synchronized String toString() {
        return "Journal" + countsByStatus();
    }
}
