package io.github.openaipolicies.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The results of a {@link ThrottledIngest} run: every {@link RunResult}, the per-row summary (median, minimum and
 * maximum of each column over the repeats), the printed table and the CSV files.
 */
public final class IngestReport {
    /** The row each other row's elapsed time is compared with, repeat by repeat: the tuned stock client. */
    static final String BASELINE = "stock-10";

    private final ReportLayout layout;
    private final List<RunResult> runs;
    private final String header;
    private final Map<RunResult, LullBurst> bursts = new IdentityHashMap<>();

    /**
     * Creates a report.
     *
     * @param settings the run's settings
     * @param runs every run, in the order they ran
     * @param header the lines printed above the table (settings, machine)
     */
    public IngestReport(IngestSettings settings, List<RunResult> runs, String header) {
        this(ReportLayout.of(settings), runs, header);
    }

    /**
     * Creates a report of any ingest benchmark.
     *
     * @param layout the rows, their legend, the CSV paths and the summary's settings columns
     * @param runs every run, in the order they ran
     * @param header the lines printed above the table (settings, machine)
     */
    IngestReport(ReportLayout layout, List<RunResult> runs, String header) {
        this.layout = layout;
        this.runs = List.copyOf(runs);
        this.header = header;
    }

    /**
     * Adds the bursts of {@code --setting lull} runs, which {@link #table()} then prints in a table of their own.
     *
     * @param bursts the burst of each run that had one
     * @return this report
     */
    IngestReport withBursts(Map<RunResult, LullBurst> bursts) {
        this.bursts.putAll(bursts);
        return this;
    }

    /**
     * The bursts of a row's runs, in the order they ran.
     *
     * @param row a row name
     * @return its runs' bursts
     */
    List<LullBurst> bursts(String row) {
        return runs(row).stream().map(bursts::get).filter(Objects::nonNull).toList();
    }

    /**
     * Each repeat's elapsed time of {@code row} divided by that of {@code baseline} in the same repeat, in repeat
     * order; repeats missing either row are skipped.
     *
     * @param row a row name
     * @param baseline the row to divide by
     * @return the ratios
     */
    public List<Double> elapsedRatios(String row, String baseline) {
        List<Double> ratios = new ArrayList<>();
        for (RunResult run : runs(row)) {
            runs(baseline).stream().filter(base -> base.repeat() == run.repeat()).findFirst().ifPresent(base ->
                ratios.add((double) run.elapsed().toNanos() / base.elapsed().toNanos()));
        }
        return ratios;
    }

    /**
     * The progress line of one run.
     *
     * @param run the run
     * @param repeats how many repeats the benchmark makes
     * @return one line, without a line break
     */
    static String progressLine(RunResult run, int repeats) {
        return String.format(Locale.ROOT, "  run %d/%d %-9s completed %d, failed %d, sent %d, 429s %d, %.1f s",
            run.repeat() + 1, repeats, run.row(), run.completed(), run.failed(), run.sent(), run.throttled(),
            run.elapsed().toNanos() / 1e9);
    }

    /**
     * Every run, in the order they ran.
     *
     * @return the runs
     */
    public List<RunResult> runs() {
        return runs;
    }

    /**
     * The runs of one row, in the order they ran.
     *
     * @param row a row name
     * @return its runs
     */
    public List<RunResult> runs(String row) {
        return runs.stream().filter(r -> r.row().equals(row)).toList();
    }

    /**
     * The spread of one column over a row's runs.
     *
     * @param row a row name
     * @param metric the column
     * @return its median, minimum and maximum
     */
    Spread spread(String row, IngestMetric metric) {
        return Spread.of(runs(row).stream().mapToDouble(metric::read).toArray());
    }

    /**
     * The table: header lines, one line per row, the legend.
     *
     * @return the text to print
     */
    public String table() {
        List<String> columns = new ArrayList<>();
        columns.add("row");
        for (IngestMetric metric : IngestMetric.values()) {
            columns.add(metric.header());
        }
        List<List<String>> lines = new ArrayList<>();
        for (String row : layout.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(row);
            for (IngestMetric metric : IngestMetric.values()) {
                cells.add(metric.format(spread(row, metric)));
            }
            lines.add(cells);
        }
        StringBuilder out = new StringBuilder(header);
        out.append(TextTable.render(columns, lines));
        out.append('\n');
        for (String row : layout.rows()) {
            out.append(String.format(Locale.ROOT, "  %-9s %s%n", row, layout.descriptions().get(row)));
            Map<String, Long> failures = failures(row);
            if (!failures.isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-9s failures over %d run(s): %s%n", "",
                    runs(row).size(),
                    failures.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                        .collect(Collectors.joining(", "))));
            }
        }
        out.append("  sent, 429s: the simulator's journal; goodput: successes / (quota x (elapsed / window + 1)),"
            + " 1.00 is the limit;\n  tail: from the last success to the last outcome.\n");
        for (String row : layout.rows()) {
            List<Double> ratios = elapsedRatios(row, BASELINE);
            if (!row.equals(BASELINE) && !ratios.isEmpty()) {
                out.append(String.format(Locale.ROOT, "  elapsed %s / %s per repeat: %s%n", row, BASELINE,
                    ratios.stream().map(r -> String.format(Locale.ROOT, "%.3f", r))
                        .collect(Collectors.joining(" "))));
            }
        }
        out.append(burstTable());
        for (RunResult run : runs) {
            if (run.sent() != run.clientAttempts() || run.throttled() != run.clientThrottled()) {
                out.append(String.format(Locale.ROOT,
                    "  WARNING %s run %d: journal %d sent / %d 429s, client saw %d attempts / %d 429s%n",
                    run.row(), run.repeat() + 1, run.sent(), run.throttled(), run.clientAttempts(),
                    run.clientThrottled()));
            }
        }
        return out.toString();
    }

    /** The table of the bursts, or nothing when no run had one. */
    private String burstTable() {
        if (bursts.isEmpty()) {
            return "";
        }
        List<String> columns = List.of("row", "burst sent", "burst 429s", "burst 429 share", "burst failed",
            "burst elapsed s");
        List<List<String>> lines = new ArrayList<>();
        for (String row : layout.rows()) {
            List<LullBurst> rowBursts = bursts(row);
            if (rowBursts.isEmpty()) {
                continue;
            }
            lines.add(List.of(row, cell(rowBursts, b -> b.sent(), IngestMetric.SENT),
                cell(rowBursts, b -> b.throttled(), IngestMetric.THROTTLED),
                cell(rowBursts, LullBurst::throttledShare, IngestMetric.THROTTLED_SHARE),
                cell(rowBursts, b -> b.failed(), IngestMetric.FAILED),
                cell(rowBursts, b -> b.elapsed().toNanos() / 1e9, IngestMetric.ELAPSED)));
        }
        return "\nThe burst after the lull alone (journal from the burst's start; the target is a 429 share of at most"
            + " 0.10):\n" + TextTable.render(columns, lines);
    }

    private static String cell(List<LullBurst> bursts, ToDoubleFunction<LullBurst> reader, IngestMetric format) {
        return format.format(Spread.of(bursts.stream().mapToDouble(reader).toArray()));
    }

    /**
     * Prints the table, writes the CSV files and the chart of each row's median run by elapsed time, and says where
     * they went.
     *
     * @param out where the table and the paths go
     * @param timelines the timeline of every run
     * @param png where the chart goes
     * @param quota the chart's quota line
     * @throws UncheckedIOException if a file cannot be written
     */
    void printAndWrite(PrintStream out, Map<RunResult, RunTimeline> timelines, Path png, RunChart.QuotaLine quota) {
        out.print(table());
        out.println("CSV: " + writeCsv().toAbsolutePath() + " (per run: " + layout.runsCsv().toAbsolutePath() + ")");
        Path written = IngestChart.write(png, this, layout.rows(), timelines, quota);
        out.println("Chart: " + written.toAbsolutePath() + " (each row's median run by elapsed)");
    }

    /**
     * Writes the summary CSV to {@link ReportLayout#csv()} and every run to {@link ReportLayout#runsCsv()}.
     *
     * @return the summary CSV's path
     * @throws UncheckedIOException if a file cannot be written
     */
    public Path writeCsv() {
        try {
            Path csv = layout.csv();
            if (csv.toAbsolutePath().getParent() != null) {
                Files.createDirectories(csv.toAbsolutePath().getParent());
            }
            Files.write(csv, summaryCsv(), StandardCharsets.UTF_8);
            Files.write(layout.runsCsv(), runsCsv(), StandardCharsets.UTF_8);
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> summaryCsv() {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("row,runs,requests,concurrency,quota,window_s");
        for (IngestMetric metric : IngestMetric.values()) {
            head.append(',').append(metric.csvName()).append("_median,").append(metric.csvName()).append("_min,")
                .append(metric.csvName()).append("_max");
        }
        lines.add(head.toString());
        for (String row : layout.rows()) {
            StringBuilder line = new StringBuilder(row).append(',').append(runs(row).size()).append(',')
                .append(layout.requests()).append(',').append(layout.concurrency()).append(',')
                .append(layout.quota()).append(',').append(number(layout.window().toMillis() / 1000.0));
            Map<IngestMetric, Spread> spreads = new EnumMap<>(IngestMetric.class);
            for (IngestMetric metric : IngestMetric.values()) {
                spreads.put(metric, spread(row, metric));
            }
            spreads.values().forEach(s -> line.append(',').append(number(s.median())).append(',')
                .append(number(s.min())).append(',').append(number(s.max())));
            lines.add(line.toString());
        }
        return lines;
    }

    List<String> runsCsv() {
        List<String> lines = new ArrayList<>();
        lines.add("row,repeat,completed,failed,sent,throttled,throttled_share,client_attempts,client_throttled,"
            + "elapsed_s,goodput,tail_s,failures");
        for (RunResult run : runs) {
            lines.add(String.join(",", run.row(), Integer.toString(run.repeat() + 1), Long.toString(run.completed()),
                Long.toString(run.failed()), Long.toString(run.sent()), Long.toString(run.throttled()),
                number(run.throttledShare()), Long.toString(run.clientAttempts()), Long.toString(run.clientThrottled()),
                number(run.elapsed().toNanos() / 1e9), number(run.goodput()), number(run.tail().toNanos() / 1e9),
                run.failures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(";"))));
        }
        return lines;
    }

    private Map<String, Long> failures(String row) {
        Map<String, Long> total = new TreeMap<>();
        runs(row).forEach(r -> r.failures().forEach((cause, n) -> total.merge(cause, n, Long::sum)));
        return new LinkedHashMap<>(total);
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
