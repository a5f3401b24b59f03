package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.JournalEntry;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one {@link DistributedWorker} measured, sent to the coordinator as one line of its standard output, and how the
 * coordinator combines the workers' lines with the simulator's journal into one {@link RunResult}.
 *
 * @param completed calls that returned embeddings
 * @param attempts attempts the worker put on the wire (per try)
 * @param throttled 429 answers the worker saw (per try)
 * @param end when the worker's last call ended (wall clock)
 * @param lastSuccess when its last successful call ended, null if none succeeded
 * @param failures failed calls by cause
 */
record WorkerReport(long completed, long attempts, long throttled, Instant end, Instant lastSuccess,
                    Map<String, Long> failures) {
    /** The start of the line that carries a report. */
    static final String PREFIX = "RESULT ";

    WorkerReport {
        Objects.requireNonNull(end, "end");
        failures = Map.copyOf(failures);
    }

    /**
     * Calls that ended in an error.
     *
     * @return the sum of {@link #failures()}
     */
    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The report as one line: {@code RESULT completed=.. attempts=.. throttled=.. end=.. lastSuccess=.. failures=..},
     * instants as nanoseconds since the epoch ({@code -} for none), failures as URL-encoded {@code cause:count}
     * pairs separated by commas.
     *
     * @return the line, without a line break
     */
    String toLine() {
        String causes = new TreeMap<>(failures).entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + ":" + e.getValue())
            .collect(Collectors.joining(","));
        return PREFIX + "completed=" + completed + " attempts=" + attempts + " throttled=" + throttled + " end="
            + nanos(end) + " lastSuccess=" + (lastSuccess == null ? "-" : Long.toString(nanos(lastSuccess)))
            + " failures=" + (causes.isEmpty() ? "-" : causes);
    }

    /**
     * Reads a line written by {@link #toLine()}.
     *
     * @param line the line
     * @return the report
     * @throws IllegalArgumentException if the line is not a report
     */
    static WorkerReport parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a worker report: " + line);
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : line.substring(PREFIX.length()).trim().split(" ")) {
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a worker report field: '" + field + "' in " + line);
            }
            fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        try {
            Map<String, Long> failures = new TreeMap<>();
            String causes = required(fields, "failures", line);
            if (!"-".equals(causes)) {
                for (String pair : causes.split(",")) {
                    int colon = pair.lastIndexOf(':');
                    failures.put(URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                        Long.parseLong(pair.substring(colon + 1)));
                }
            }
            String lastSuccess = required(fields, "lastSuccess", line);
            return new WorkerReport(Long.parseLong(required(fields, "completed", line)),
                Long.parseLong(required(fields, "attempts", line)), Long.parseLong(required(fields, "throttled", line)),
                instant(Long.parseLong(required(fields, "end", line))),
                "-".equals(lastSuccess) ? null : instant(Long.parseLong(lastSuccess)), failures);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a worker report: " + line, e);
        }
    }

    /**
     * One run of a row as the coordinator sees it: the workers' outcomes summed, the requests and 429s from the
     * simulator's journal, the elapsed time from the start signal to the last worker's last outcome.
     *
     * @param row the row
     * @param repeat the repeat index, from 0
     * @param go when the coordinator told the workers to start
     * @param reports one report per worker, at least one
     * @param journal the simulator's entries for the deployment during the run
     * @param quota requests the quota admits per window, for goodput
     * @param window the quota window
     * @return the run's result
     */
    static RunResult combine(String row, int repeat, Instant go, List<WorkerReport> reports,
                             List<JournalEntry> journal, double quota, Duration window) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("reports must not be empty");
        }
        Instant end = reports.stream().map(WorkerReport::end).max(Instant::compareTo).orElseThrow();
        Instant lastSuccess = reports.stream().map(WorkerReport::lastSuccess).filter(Objects::nonNull)
            .max(Instant::compareTo).orElse(null);
        Duration elapsed = positive(Duration.between(go, end));
        Duration tail = lastSuccess == null ? elapsed : positive(Duration.between(lastSuccess, end));
        long completed = reports.stream().mapToLong(WorkerReport::completed).sum();
        Map<String, Long> failures = new TreeMap<>();
        reports.forEach(r -> r.failures().forEach((cause, n) -> failures.merge(cause, n, Long::sum)));
        return new RunResult(row, repeat, completed, reports.stream().mapToLong(WorkerReport::failed).sum(),
            journal.size(), journal.stream().filter(e -> e.status() == 429).count(),
            reports.stream().mapToLong(WorkerReport::attempts).sum(),
            reports.stream().mapToLong(WorkerReport::throttled).sum(), elapsed, tail,
            RunResult.goodput(completed, elapsed, quota, window), failures);
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static String required(Map<String, String> fields, String name, String line) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("worker report without " + name + ": " + line);
        }
        return value;
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
