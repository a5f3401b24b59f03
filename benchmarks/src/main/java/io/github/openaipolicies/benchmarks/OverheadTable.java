package io.github.openaipolicies.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@link PolicyOverhead} table and CSV: per path and pipeline the time and allocation per call, the ratio to the
 * stock pipeline, and the cost above the bare pipeline (the policies' own share); below the table, per path, the
 * ratios ours/stock and ours+gate/ours (what the throttle gate adds). The {@link OpenAIJavaOverhead} rows follow,
 * each measured against the bare openai-java call ({@link OpenAIJavaOverheadPipelines#BARE}), its stock and its
 * floor at once: an openai-java row times a whole SDK call, an azure-core row a pipeline, so no ratio crosses them.
 */
final class OverheadTable {
    private static final List<String> PATHS = List.of("sync", "async");
    private static final String GATE = "ours+gate";
    private static final List<String> PIPELINES = java.util.stream.Stream.concat(OverheadPipelines.NAMES.stream(),
        OpenAIJavaOverheadPipelines.NAMES.stream()).toList();

    private final List<OverheadResult> results;

    OverheadTable(List<OverheadResult> results) {
        this.results = List.copyOf(results);
    }

    Optional<OverheadResult> find(String path, String pipeline) {
        return results.stream().filter(r -> r.path().equals(path) && r.pipeline().equals(pipeline)).findFirst();
    }

    /**
     * Time per call of {@code pipeline} divided by its stock's ({@code stock}, or the bare openai-java call for an
     * openai-java row), on one path; NaN without both scores.
     */
    double timeRatio(String path, String pipeline) {
        return ratio(path, pipeline, OverheadResult::nanosPerCall);
    }

    /** Allocation per call of {@code pipeline} divided by its stock's, on one path; NaN without both scores. */
    double allocRatio(String path, String pipeline) {
        return ratio(path, pipeline, OverheadResult::bytesPerCall);
    }

    /** Time per call with the throttle gate divided by without it ({@code ours+gate / ours}); NaN without both. */
    double gateTimeRatio(String path) {
        return between(path, GATE, "ours", OverheadResult::nanosPerCall);
    }

    /** Allocation per call with the throttle gate divided by without it; NaN without both scores. */
    double gateAllocRatio(String path) {
        return between(path, GATE, "ours", OverheadResult::bytesPerCall);
    }

    String render() {
        List<String> columns = List.of("path", "pipeline", "ns/call", "+-99.9%", "B/call", "time vs stock",
            "alloc vs stock", "ns above bare", "B above bare");
        List<List<String>> lines = new ArrayList<>();
        for (List<String> line : rows()) {
            lines.add(List.of(line.get(0), line.get(1), line.get(2), line.get(3), line.get(4), times(line.get(5)),
                times(line.get(6)), line.get(7), line.get(8)));
        }
        StringBuilder out = new StringBuilder(TextTable.render(columns, lines));
        for (String path : PATHS) {
            if (find(path, "ours").isPresent() && find(path, "stock").isPresent()) {
                out.append(String.format(Locale.ROOT, "%s: ours/stock time %s, allocation %s; above bare: ours/stock"
                        + " time %s, allocation %s%n", path, times(timeRatio(path, "ours")),
                    times(allocRatio(path, "ours")), times(aboveBareRatio(path, OverheadResult::nanosPerCall)),
                    times(aboveBareRatio(path, OverheadResult::bytesPerCall))));
            }
            if (find(path, GATE).isPresent() && find(path, "ours").isPresent()) {
                out.append(String.format(Locale.ROOT, "%s: ours+gate/ours time %s, allocation %s%n", path,
                    times(gateTimeRatio(path)), times(gateAllocRatio(path))));
            }
        }
        return out.toString();
    }

    List<String> csv() {
        List<String> lines = new ArrayList<>();
        lines.add("path,pipeline,ns_per_call,ns_error_99_9,bytes_per_call,time_vs_stock,alloc_vs_stock,"
            + "ns_above_bare,bytes_above_bare");
        for (List<String> line : rows()) {
            lines.add(String.join(",", line).replace(" ", ""));
        }
        return lines;
    }

    private List<List<String>> rows() {
        List<List<String>> lines = new ArrayList<>();
        for (String path : PATHS) {
            for (String pipeline : PIPELINES) {
                find(path, pipeline).ifPresent(r -> lines.add(List.of(path, pipeline, fixed(r.nanosPerCall(), 1),
                    fixed(r.nanosError(), 1), fixed(r.bytesPerCall(), 0), fixed(timeRatio(path, pipeline), 3),
                    fixed(allocRatio(path, pipeline), 3), fixed(aboveBare(r, OverheadResult::nanosPerCall), 1),
                    fixed(aboveBare(r, OverheadResult::bytesPerCall), 0))));
            }
        }
        return lines;
    }

    private double ratio(String path, String pipeline, java.util.function.ToDoubleFunction<OverheadResult> score) {
        return between(path, pipeline, stockOf(pipeline), score);
    }

    /** The stock row a pipeline is compared to: {@code stock}, or the bare openai-java call for an openai-java row. */
    private static String stockOf(String pipeline) {
        return OpenAIJavaOverheadPipelines.NAMES.contains(pipeline) ? OpenAIJavaOverheadPipelines.BARE : "stock";
    }

    /** The floor of a pipeline: {@code bare}, or the bare openai-java call for an openai-java row. */
    private static String bareOf(String pipeline) {
        return OpenAIJavaOverheadPipelines.NAMES.contains(pipeline) ? OpenAIJavaOverheadPipelines.BARE : "bare";
    }

    private double between(String path, String pipeline, String base,
        java.util.function.ToDoubleFunction<OverheadResult> score) {
        Optional<OverheadResult> mine = find(path, pipeline);
        Optional<OverheadResult> other = find(path, base);
        if (mine.isEmpty() || other.isEmpty()) {
            return Double.NaN;
        }
        return score.applyAsDouble(mine.get()) / score.applyAsDouble(other.get());
    }

    private double aboveBare(OverheadResult result, java.util.function.ToDoubleFunction<OverheadResult> score) {
        return find(result.path(), bareOf(result.pipeline()))
            .map(bare -> score.applyAsDouble(result) - score.applyAsDouble(bare))
            .orElse(Double.NaN);
    }

    private double aboveBareRatio(String path, java.util.function.ToDoubleFunction<OverheadResult> score) {
        Optional<OverheadResult> ours = find(path, "ours");
        Optional<OverheadResult> stock = find(path, "stock");
        if (ours.isEmpty() || stock.isEmpty()) {
            return Double.NaN;
        }
        return aboveBare(ours.get(), score) / aboveBare(stock.get(), score);
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String times(String ratio) {
        return ratio.isEmpty() ? "" : ratio + "x";
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
