// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar (me.tongfei progressbar) of chunks done (embedded or failed), with its own ETA, and the reading
 * progress (while reading), failed chunks, skipped files (when any) and 429s so far as its message.
 */
public final class TerminalProgress implements ProgressReporter {
    private final ProgressBar bar;

    /**
     * Starts the bar.
     *
     * @param out the terminal
     * @param chunksTotal the bar's maximum
     */
    public TerminalProgress(PrintStream out, long chunksTotal) {
        this.bar = new ProgressBarBuilder()
            .setTaskName("Embedding")
            .setInitialMax(chunksTotal)
            .setUnit(" chunks", 1)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .setUpdateIntervalMillis(250)
            .build();
    }

    @Override
    public synchronized void update(RunStats.Snapshot stats) {
        bar.maxHint(stats.chunksTotal());
        bar.stepTo(stats.chunksEmbedded() + stats.chunksFailed());
        // the bar shows the count, the elapsed time and the ETA; the message stays short to fit an 80-column line
        String reading = stats.readingDone() ? "" : "reading " + (stats.bytesTotal() <= 0 ? 0
            : Math.min(100, 100 * stats.bytesRead() / stats.bytesTotal())) + "%, ";
        String skipped = stats.skippedTotal() == 0 ? "" : ", skipped " + stats.skippedTotal();
        bar.setExtraMessage(String.format(Locale.ROOT, "%sfailed %d%s, 429s: %d", reading, stats.chunksFailed(),
            skipped, stats.throttled()));
    }

    @Override
    public synchronized void close() {
        bar.close();
    }
}
