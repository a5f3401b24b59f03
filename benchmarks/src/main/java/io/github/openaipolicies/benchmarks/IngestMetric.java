package io.github.openaipolicies.benchmarks;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The columns of the {@link ThrottledIngest} table, in order, with how each is read from a {@link RunResult} and
 * printed.
 */
enum IngestMetric {
    COMPLETED("completed", "completed", r -> r.completed(), "%.0f"),
    FAILED("failed", "failed", r -> r.failed(), "%.0f"),
    SENT("sent", "sent", r -> r.sent(), "%.0f"),
    THROTTLED("429s", "throttled", r -> r.throttled(), "%.0f"),
    THROTTLED_SHARE("429 share", "throttled_share", RunResult::throttledShare, "%.2f"),
    ELAPSED("elapsed s", "elapsed_s", r -> r.elapsed().toNanos() / 1e9, "%.1f"),
    GOODPUT("goodput", "goodput", RunResult::goodput, "%.2f"),
    TAIL("tail s", "tail_s", r -> r.tail().toNanos() / 1e9, "%.1f");

    private final String header;
    private final String csvName;
    private final ToDoubleFunction<RunResult> reader;
    private final String format;

    IngestMetric(String header, String csvName, ToDoubleFunction<RunResult> reader, String format) {
        this.header = header;
        this.csvName = csvName;
        this.reader = reader;
        this.format = format;
    }

    String header() {
        return header;
    }

    String csvName() {
        return csvName;
    }

    double read(RunResult result) {
        return reader.applyAsDouble(result);
    }

    /** A value as the table shows it; counts that are medians of an even number of runs may end in .5. */
    String format(double value) {
        if ("%.0f".equals(format) && value != Math.rint(value)) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, format, value);
    }

    /** A spread as one cell: the median, then the range unless every run agreed. */
    String format(Spread spread) {
        String median = format(spread.median());
        String min = format(spread.min());
        String max = format(spread.max());
        return min.equals(max) ? median : median + " [" + min + "-" + max + "]";
    }
}
