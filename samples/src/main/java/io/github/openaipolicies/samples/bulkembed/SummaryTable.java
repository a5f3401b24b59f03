// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders the end-of-run summary as a two-column text table.
 */
public final class SummaryTable {
    private SummaryTable() {
    }

    /**
     * Renders the summary.
     *
     * @param outcome one word or phrase for how the run ended, e.g. {@code completed}, {@code cancelled}
     * @param stats the run's counters
     * @param quota the deployment's quota when known
     * @param output the output file
     * @param linesWritten the lines in the output file
     * @return the table, lines separated by {@code \n}, ending with one
     */
    public static String render(String outcome, RunStats.Snapshot stats, Optional<Quota> quota, Path output,
                                long linesWritten) {
        return render(outcome, stats, quota, output, linesWritten, Optional.empty());
    }

    /**
     * Renders the summary, naming the list of failed chunks and counting skipped files by reason.
     *
     * @param outcome one word or phrase for how the run ended, e.g. {@code completed}, {@code cancelled}
     * @param stats the run's counters
     * @param quota the deployment's quota when known
     * @param output the output file
     * @param linesWritten the lines in the output file
     * @param failedList the list of failed chunks, when this run wrote one
     * @return the table, lines separated by {@code \n}, ending with one
     */
    public static String render(String outcome, RunStats.Snapshot stats, Optional<Quota> quota, Path output,
                                long linesWritten, Optional<Path> failedList) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("chunks", stats.chunksEmbedded() + " embedded of " + stats.chunksTotal()
            + (stats.readingDone() ? "" : " (corpus not fully read)")));
        rows.add(row("failed chunks", stats.chunksFailed()
            + failedList.map(path -> " (listed in " + path.toAbsolutePath().normalize() + ")").orElse("")));
        if (stats.chunksAlreadyDone() > 0) {
            rows.add(row("already done", stats.chunksAlreadyDone() + " chunks skipped (in the output already)"));
        }
        rows.add(row("skipped files", stats.skippedTotal() == 0 ? "0" : stats.skippedTotal() + " (" + skips(stats)
            + ")"));
        rows.add(row("requests", stats.requests() + " (" + stats.requestsSucceeded() + " succeeded, "
            + stats.requestsFailed() + " failed)"));
        rows.add(row("attempts", Long.toString(stats.attempts())));
        rows.add(row("429s received", Long.toString(stats.throttled())));
        rows.add(row("retries", Long.toString(stats.retries())));
        rows.add(row("401s", Long.toString(stats.unauthorized())));
        rows.add(row("held in gate", millisAsSeconds(stats.gateHeld()) + " (summed over attempts)"));
        rows.add(row("longest hold", millisAsSeconds(stats.longestHold())));
        rows.add(row("elapsed", seconds(stats.elapsed())));
        rows.add(row("requests/min", rate(stats.perMinute(stats.requestsSucceeded()),
            quota.map(Quota::requestsPerMinute).orElse(0.0))));
        rows.add(row("tokens/min", rate(stats.perMinute(stats.tokensEmbedded()),
            quota.map(Quota::tokensPerMinute).orElse(0.0))));
        rows.add(row("vectors written to", output.toAbsolutePath().normalize() + " (" + linesWritten + " lines)"));

        int left = Math.max("BulkEmbed".length(), rows.stream().mapToInt(r -> r[0].length()).max().orElse(0));
        int right = Math.max(outcome.length(), rows.stream().mapToInt(r -> r[1].length()).max().orElse(0));
        String rule = "+" + "-".repeat(left + 2) + "+" + "-".repeat(right + 2) + "+\n";
        StringBuilder table = new StringBuilder(rule);
        table.append(format(left, right, "BulkEmbed", outcome)).append(rule);
        rows.forEach(r -> table.append(format(left, right, r[0], r[1])));
        return table.append(rule).toString();
    }

    /**
     * The skipped files by reason, e.g. {@code 1 binary (NUL bytes), 2 symbolic link loop}.
     *
     * @param stats the run's counters
     * @return the text, empty when nothing was skipped
     */
    public static String skips(RunStats.Snapshot stats) {
        List<String> parts = new ArrayList<>();
        for (SkipReason reason : SkipReason.values()) {
            Long count = stats.skippedFiles().get(reason);
            if (count != null && count > 0) {
                parts.add(count + " " + reason.description());
            }
        }
        return String.join(", ", parts);
    }

    /**
     * Formats a duration as seconds with one decimal, e.g. {@code 31.4 s}.
     *
     * @param duration the duration
     * @return the text
     */
    public static String seconds(Duration duration) {
        double seconds = duration.toMillis() / 1000.0;
        return seconds == Math.rint(seconds) ? String.format(Locale.ROOT, "%.0f s", seconds)
            : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /** A duration as seconds with three decimals, e.g. {@code 2.048 s}: holds are often shorter than 0.1 s. */
    private static String millisAsSeconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toMillis() / 1000.0);
    }

    private static String rate(double achieved, double quotaPerMinute) {
        String text = String.format(Locale.ROOT, achieved < 1000 ? "%.1f" : "%,.0f", achieved);
        if (quotaPerMinute > 0) {
            text += String.format(Locale.ROOT, " (quota %,.0f/min, %.0f%%)", quotaPerMinute,
                100 * achieved / quotaPerMinute);
        }
        return text;
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String format(int left, int right, String name, String value) {
        return "| " + pad(name, left) + " | " + pad(value, right) + " |\n";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
