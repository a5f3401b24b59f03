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
     * The one-line status both reporters show, e.g. {@code reading 40% of 2.1 MB, embedded 120/~480 chunks, failed 0,
     * skipped files 1, 3.9 chunks/s, ETA 1m 32s, 429s so far: 14}: while the corpus is still being read, the total is
     * an estimate (marked {@code ~}) from the bytes read so far.
     *
     * @param stats the counters
     * @return the line, without a line break
     */
    static String statusLine(RunStats.Snapshot stats) {
        String reading = stats.readingDone() ? ""
            : String.format(Locale.ROOT, "reading %d%% of %s, ", stats.bytesTotal() <= 0 ? 0
                : Math.min(100, 100 * stats.bytesRead() / stats.bytesTotal()), bytes(stats.bytesTotal()));
        return String.format(Locale.ROOT, "%sembedded %d/%s%d chunks, failed %d, skipped files %d, %.1f chunks/s,"
                + " ETA %s, 429s so far: %d", reading, stats.chunksEmbedded(), stats.readingDone() ? "" : "~",
            stats.chunksTotal(), stats.chunksFailed(), stats.skippedTotal(), stats.chunksPerSecond(),
            stats.eta().map(ProgressReporter::duration).orElse("-"), stats.throttled());
    }

    /**
     * A duration in whole seconds for a status line, e.g. {@code 42s}, {@code 3m 05s}, {@code 2h 01m}.
     *
     * @param duration the duration
     * @return the text
     */
    static String duration(Duration duration) {
        long seconds = Math.max(0, (duration.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds / 60 % 60);
    }

    /**
     * A size for people, e.g. {@code 812 KB}, {@code 1.2 GB}.
     *
     * @param bytes the size
     * @return the text
     */
    static String bytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%d KB", (bytes + 1023) / 1024);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
