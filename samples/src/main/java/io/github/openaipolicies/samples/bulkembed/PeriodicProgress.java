// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints {@link ProgressReporter#statusLine} every interval, for output that is not a terminal (CI logs, pipes).
 */
public final class PeriodicProgress implements ProgressReporter {
    private final ScheduledExecutorService timer;

    /**
     * Starts printing.
     *
     * @param out where to print
     * @param stats the counters to read
     * @param interval how often
     */
    public PeriodicProgress(PrintStream out, RunStats stats, Duration interval) {
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulk-embed-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(() -> out.println(ProgressReporter.statusLine(stats.snapshot())),
            millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void update(RunStats.Snapshot stats) {
        // the timer reads the counters itself
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
