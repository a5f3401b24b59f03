package io.github.openaipolicies.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --chart PATH} option of a benchmark, taken out of its command line before the rest is parsed.
 *
 * @param chart the path given, or null for the default
 * @param rest the other arguments, in order
 */
record ChartOption(Path chart, String[] rest) {
    /**
     * Takes {@code --chart PATH} (or {@code --chart=PATH}) out of a command line.
     *
     * @param args the command line
     * @return the option and the remaining arguments
     * @throws IllegalArgumentException if {@code --chart} has no value
     */
    static ChartOption extract(String... args) {
        Path chart = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--chart=")) {
                chart = Path.of(args[i].substring("--chart=".length()));
            } else if ("--chart".equals(args[i])) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--chart needs a value");
                }
                chart = Path.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        return new ChartOption(chart, rest.toArray(String[]::new));
    }

    /**
     * Where the chart goes: the path given, else next to the CSV with {@code .png} for its extension.
     *
     * @param csv the benchmark's summary CSV
     * @return the chart's path
     */
    Path path(Path csv) {
        return chart != null ? chart : defaultPath(csv);
    }

    /**
     * The chart next to a CSV: its name with {@code .png} instead of its extension.
     *
     * @param csv the summary CSV
     * @return the chart's path
     */
    static Path defaultPath(Path csv) {
        String name = csv.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return csv.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
    }
}
