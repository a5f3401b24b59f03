// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar (me.tongfei progressbar) of chunks embedded, with the rate and the 429s so far as its message.
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
        bar.stepTo(stats.chunksEmbedded());
        bar.setExtraMessage(String.format(Locale.ROOT, "%.1f chunks/s, 429s: %d",
            stats.chunksPerSecond(), stats.throttled()));
    }

    @Override
    public synchronized void close() {
        bar.close();
    }
}
