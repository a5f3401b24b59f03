// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The responses a counting transport handed out, grouped by the call they belong to in the order they were handed out,
 * with whether each was closed and whether anyone asked for its body. Shared by the azure-core
 * ({@link CountingHttpClient}) and the openai-java ({@code CountingOpenAIJavaHttpClient}) transports of the soak.
 */
public final class ResponseLedger {
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final Map<String, List<Entry>> byKey = new ConcurrentHashMap<>();

    /** One response handed out. */
    public final class Entry {
        private final int status;
        private final AtomicInteger closes = new AtomicInteger();
        private volatile boolean bodyTaken;

        private Entry(int status) {
            this.status = status;
        }

        /** Notes a call to the response's {@code close()}; only the first counts. */
        public void closed() {
            if (closes.getAndIncrement() == 0) {
                closed.incrementAndGet();
            }
        }

        /** Notes that someone asked for the response's body. */
        public void bodyTaken() {
            bodyTaken = true;
        }
    }

    /**
     * Notes a response handed out.
     *
     * @param call the call its request belongs to
     * @param status its status
     * @return its entry, to note its close and its body being taken
     */
    public Entry open(String call, int status) {
        opened.incrementAndGet();
        Entry entry = new Entry(status);
        List<Entry> entries = byKey.computeIfAbsent(call, k -> new ArrayList<>());
        synchronized (entries) {
            entries.add(entry);
        }
        return entry;
    }

    /**
     * The responses that were not released: of each call, every response but the last must have been closed (the
     * pipeline discarded it), and the last one closed or its body taken by whoever received it.
     *
     * @return a description of each unreleased response, empty when all were released
     */
    public List<String> unreleased() {
        List<String> problems = new ArrayList<>();
        byKey.forEach((call, entries) -> {
            List<Entry> snapshot;
            synchronized (entries) {
                snapshot = List.copyOf(entries);
            }
            for (int i = 0; i < snapshot.size(); i++) {
                Entry entry = snapshot.get(i);
                boolean last = i == snapshot.size() - 1;
                boolean released = entry.closes.get() > 0 || (last && entry.bodyTaken);
                if (!released) {
                    problems.add(call + ": response " + (i + 1) + " of " + snapshot.size() + " (status "
                        + entry.status + ") never " + (last ? "closed nor read" : "closed"));
                }
            }
        });
        return problems;
    }

    /** {@return how many responses were handed out} */
    public long opened() {
        return opened.get();
    }

    /** {@return how many of them were closed (each counted once)} */
    public long closed() {
        return closed.get();
    }
}
