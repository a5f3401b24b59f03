package io.github.openaipolicies.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The picture of an ingest benchmark's report: for each row, its median run by elapsed time drawn as one
 * {@link RunChart} panel.
 */
final class IngestChart {
    private IngestChart() {
    }

    /**
     * The run that stands for a row: the median by elapsed time (for an even number of runs, the faster of the two in
     * the middle).
     *
     * @param runs a row's runs, at least one
     * @return the median run
     */
    static RunResult medianByElapsed(List<RunResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs must not be empty");
        }
        List<RunResult> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(RunResult::elapsed));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /**
     * Writes one panel per row, in the given order, each from the row's median run.
     *
     * @param png where the picture goes
     * @param report the report
     * @param rows the row names, top to bottom
     * @param timelines the timeline of every run in the report
     * @param quota the quota line
     * @return {@code png}
     */
    static Path write(Path png, IngestReport report, List<String> rows, Map<RunResult, RunTimeline> timelines,
                      RunChart.QuotaLine quota) {
        List<RunChart.Panel> panels = new ArrayList<>();
        for (String row : rows) {
            List<RunResult> runs = report.runs(row);
            RunResult median = medianByElapsed(runs);
            panels.add(new RunChart.Panel(title(median, runs.size()), timelines.get(median)));
        }
        return RunChart.write(png, panels, quota);
    }

    /**
     * The quota line of a request quota: {@code requests} per {@code window}, averaged over one bucket.
     *
     * @param requests requests the window admits
     * @param window the quota's sliding window
     * @return the line, with its legend
     */
    static RunChart.QuotaLine averageQuota(double requests, Duration window) {
        double perBucket = requests * RunTimeline.BUCKET.toNanos() / window.toNanos();
        return new RunChart.QuotaLine(perBucket, String.format(Locale.ROOT,
            "quota: %.0f requests per %s (sliding window) = %.1f per %d ms on average", requests,
            seconds(window), perBucket, RunTimeline.BUCKET.toMillis()));
    }

    private static String title(RunResult run, int runs) {
        return String.format(Locale.ROOT, "%s: repeat %d of %d (the median by elapsed): %.1f s, %d completed, %d failed,"
                + " %d sent, %d 429s", run.row(), run.repeat() + 1, runs, run.elapsed().toNanos() / 1e9,
            run.completed(), run.failed(), run.sent(), run.throttled());
    }

    private static String seconds(Duration window) {
        double value = window.toMillis() / 1000.0;
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f s", value)
            : String.format(Locale.ROOT, "%.3g s", value);
    }
}
