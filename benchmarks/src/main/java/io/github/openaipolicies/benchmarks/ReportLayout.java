package io.github.openaipolicies.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link IngestReport} needs to know of its benchmark besides the runs: the rows in order with their legend
 * lines, where the CSV files go, and the settings the summary CSV repeats on every line.
 *
 * @param rows the row names, in table order
 * @param descriptions one legend line per row
 * @param csv the summary CSV
 * @param runsCsv the per-run CSV
 * @param requests requests per run
 * @param concurrency calls in flight (per caller)
 * @param quota requests the simulator admits per window
 * @param window the quota window
 */
record ReportLayout(List<String> rows, Map<String, String> descriptions, Path csv, Path runsCsv, int requests,
                    int concurrency, int quota, Duration window) {
    ReportLayout {
        rows = List.copyOf(rows);
        descriptions = Map.copyOf(descriptions);
        for (String row : rows) {
            Objects.requireNonNull(descriptions.get(row), () -> "no description for row " + row);
        }
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(runsCsv, "runsCsv");
        Objects.requireNonNull(window, "window");
    }

    /**
     * The layout of a {@link ThrottledIngest} run.
     *
     * @param settings its settings
     * @return the layout
     */
    static ReportLayout of(IngestSettings settings) {
        Map<String, String> descriptions = new LinkedHashMap<>();
        IngestRows.select(settings.rows()).forEach(row -> descriptions.put(row.name(), row.description()));
        return new ReportLayout(settings.rows(), descriptions, settings.csv(), settings.runsCsv(), settings.requests(),
            settings.concurrency(), settings.quota(), settings.window());
    }
}
