package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.JournalEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the burst of one {@code --setting lull} run measured: the requests the simulator received from the burst's start
 * on (the steady phase has ended by then, so they are all the burst's) and how many it answered 429, and the burst's
 * own outcomes.
 *
 * @param sent requests the simulator received during the burst (journal)
 * @param throttled 429 answers it gave them (journal)
 * @param completed burst calls that returned embeddings
 * @param failed burst calls that ended in an error
 * @param elapsed from the burst's start to its last outcome
 */
record LullBurst(long sent, long throttled, long completed, long failed, Duration elapsed) {
    /**
     * Reads the burst from a run's journal.
     *
     * @param journal the run's journal entries for the deployment
     * @param start when the burst started, on the simulator's clock (the wall clock)
     * @param completed burst calls that returned embeddings
     * @param failed burst calls that ended in an error
     * @param elapsed from the burst's start to its last outcome
     * @return the burst
     */
    static LullBurst of(List<JournalEntry> journal, Instant start, long completed, long failed, Duration elapsed) {
        List<JournalEntry> burst = journal.stream().filter(entry -> !entry.arrivedAt().isBefore(start)).toList();
        return new LullBurst(burst.size(), burst.stream().filter(entry -> entry.status() == 429).count(), completed,
            failed, elapsed);
    }

    /**
     * The share of the burst's requests that were answered 429.
     *
     * @return from 0 to 1 (0 when nothing was sent)
     */
    double throttledShare() {
        return sent == 0 ? 0 : (double) throttled / sent;
    }

    /**
     * The progress line of the burst, under its run's line.
     *
     * @return one line, without a line break
     */
    String progressLine() {
        return String.format(Locale.ROOT, "    burst: sent %d, 429s %d, 429 share %.2f, completed %d, failed %d, %.1f s",
            sent, throttled, throttledShare(), completed, failed, elapsed.toNanos() / 1e9);
    }
}
