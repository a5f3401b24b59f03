// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a run's progress while it runs: a progress bar on a terminal, periodic plain lines otherwise.
 */
public interface ProgressReporter extends AutoCloseable {
    /**
     * Reports the counters now (called after every batch; cheap).
     *
     * @param stats the counters
     */
    void update(RunStats.Snapshot stats);

    /** Stops reporting; closing twice is harmless. */
    @Override
    void close();

    /**
     * Chooses the reporter for an output stream: a progress bar when it is the process's terminal, else a line every
     * {@code interval}.
     *
     * @param out where to report
     * @param stats the run's counters (read by the periodic reporter's timer)
     * @param interval how often the plain reporter prints
     * @return a started reporter
     */
    static ProgressReporter choose(PrintStream out, RunStats stats, Duration interval) {
        boolean terminal = out == System.out && System.console() != null;
        return terminal ? new TerminalProgress(out, stats.snapshot().chunksTotal())
            : new PeriodicProgress(out, stats, interval);
    }

    /**
     * The one-line status both reporters show, e.g. {@code embedded 120/480 chunks, 3.9 chunks/s, 429s so far: 14}.
     *
     * @param stats the counters
     * @return the line, without a line break
     */
    static String statusLine(RunStats.Snapshot stats) {
        return String.format(Locale.ROOT, "embedded %d/%d chunks, %.1f chunks/s, 429s so far: %d",
            stats.chunksEmbedded(), stats.chunksTotal(), stats.chunksPerSecond(), stats.throttled());
    }
}
