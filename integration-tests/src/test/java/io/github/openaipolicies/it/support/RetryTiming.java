// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.JournalEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares, for every call in a journal, when each retry after a 429 arrived with the delay that 429 asked for. The
 * attempts of one call are the journal entries with its body, in order of arrival; the delays come from a
 * {@link DelayRecordingHttpClient} on the client's transport.
 */
public final class RetryTiming {
    private RetryTiming() {
    }

    /**
     * What the comparison found.
     *
     * @param retriesChecked retries that followed a 429 and were compared with its delay
     * @param early one line for each retry that arrived earlier than allowed (less {@link JournalAssertions#TOLERANCE})
     *     or whose 429's delay is unknown
     */
    public record Report(int retriesChecked, List<String> early) {
    }

    /**
     * Compares every retry after a 429 in the entries with the delay of that 429.
     *
     * @param entries journal entries, in order of arrival; different calls must have sent different bodies
     * @param delays the delays the answers asked for, noted on the client's transport
     * @return the report
     */
    public static Report check(List<JournalEntry> entries, DelayRecordingHttpClient delays) {
        Map<String, List<JournalEntry>> calls = new LinkedHashMap<>();
        entries.forEach(entry -> calls.computeIfAbsent(entry.body(), body -> new ArrayList<>()).add(entry));
        int checked = 0;
        List<String> early = new ArrayList<>();
        for (Map.Entry<String, List<JournalEntry>> call : calls.entrySet()) {
            List<JournalEntry> attempts = call.getValue();
            List<Optional<Duration>> asked = delays.delays(call.getKey());
            for (int i = 1; i < attempts.size(); i++) {
                JournalEntry refused = attempts.get(i - 1);
                if (refused.status() != 429) {
                    continue;
                }
                checked++;
                Optional<Duration> delay = i - 1 < asked.size() ? asked.get(i - 1) : Optional.empty();
                Duration waited = Duration.between(refused.arrivedAt(), attempts.get(i).arrivedAt());
                if (delay.isEmpty()) {
                    early.add("attempt " + (i + 1) + " of a call: its 429's delay is unknown");
                } else if (waited.compareTo(delay.get().minus(JournalAssertions.TOLERANCE)) < 0) {
                    early.add("attempt " + (i + 1) + " of a call arrived " + waited.toMillis() + " ms after the 429,"
                        + " which asked for " + delay.get().toMillis() + " ms");
                }
            }
        }
        return new Report(checked, early);
    }
}
