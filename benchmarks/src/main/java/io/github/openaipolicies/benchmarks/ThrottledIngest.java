package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.ThrottleHeaders;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark: a throttled bulk-embedding ingest, once per pipeline row, against the testkit's
 * {@link AzureOpenAISimulator} with a request quota per window. Prints a table of completed and failed requests,
 * requests sent and 429s (from the simulator's journal), elapsed time, goodput and tail, each as the median with the
 * range over the repeats, and writes it as CSV. Rows alternate their order between repeats (forward, reverse,
 * forward, ...) so no row always runs first on a cold or warm machine. Draws each row's median run by elapsed time
 * (successes and 429s per 100 ms) in a PNG next to the CSV, or at {@code --chart PATH}.
 *
 * <p>Run: {@code mvn -pl benchmarks exec:exec@throttled-ingest -Dingest.args="--requests 300"}; options in
 * {@link IngestSettings#usage()}.</p>
 */
public final class ThrottledIngest {
    private ThrottledIngest() {
    }

    /**
     * Parses the options, runs every row, prints the table and writes the CSV files.
     *
     * @param args see {@link IngestSettings#parse(String...)}
     */
    public static void main(String[] args) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(IngestSettings.usage() + " [--chart PATH, default the CSV's path ending .png]");
            return;
        }
        IngestSettings settings;
        ChartOption chart;
        try {
            chart = ChartOption.extract(args);
            settings = IngestSettings.parse(chart.rest());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<RunResult, RunTimeline> timelines = new IdentityHashMap<>();
        run(settings, System.out, timelines).printAndWrite(System.out, timelines, chart.path(settings.csv()),
            IngestChart.averageQuota(settings.goodputQuota(), settings.goodputWindow()));
        System.exit(0);
    }

    /**
     * Runs every row {@code repeats} times on one simulator, reset before each run, after a short unmeasured warm-up.
     *
     * @param settings the settings
     * @param progress where one line per run goes
     * @return the report
     */
    public static IngestReport run(IngestSettings settings, PrintStream progress) {
        return run(settings, progress, new IdentityHashMap<>());
    }

    /**
     * Runs every row as {@link #run(IngestSettings, PrintStream)} does, keeping each measured run's timeline.
     *
     * @param settings the settings
     * @param progress where one line per run goes
     * @param timelines receives the timeline of every measured run
     * @return the report
     */
    static IngestReport run(IngestSettings settings, PrintStream progress, Map<RunResult, RunTimeline> timelines) {
        List<IngestRow> rows = IngestRows.select(settings.rows());
        String header = header(settings);
        progress.print(header);
        List<RunResult> results = new ArrayList<>();
        Map<RunResult, LullBurst> bursts = new IdentityHashMap<>();
        try (AzureOpenAISimulator simulator = simulator(settings).start()) {
            IngestRunner runner = new IngestRunner(simulator, settings);
            int warmUpRequests = settings.warmUpRequests();
            for (IngestRow row : rows) {
                runner.run(row, -1, warmUpRequests);
            }
            for (int repeat = 0; repeat < settings.repeats(); repeat++) {
                for (IngestRow row : order(rows, repeat)) {
                    RunResult result = runner.run(row, repeat, settings.requests());
                    results.add(result);
                    timelines.put(result, runner.lastTimeline());
                    progress.println(IngestReport.progressLine(result, settings.repeats()));
                    if (runner.lastMessyShapes() != null) {
                        progress.printf(Locale.ROOT, "    429 shapes: %s%n", runner.lastMessyShapes());
                    }
                    if (settings.faults() == IngestSettings.Faults.SPARSE) {
                        progress.printf(Locale.ROOT, "    answers with x-ratelimit-* or retry-after-ms: %d%n",
                            runner.lastRateLimitAnswers());
                    }
                    if (runner.lastBurst() != null) {
                        bursts.put(result, runner.lastBurst());
                        progress.println(runner.lastBurst().progressLine());
                    }
                }
            }
        }
        return new IngestReport(settings, results, header).withBursts(bursts);
    }

    /**
     * The simulator of a run: the benchmark deployment under the settings' quota.
     *
     * @param settings the settings
     * @return the simulator builder
     */
    static AzureOpenAISimulator.Builder simulator(IngestSettings settings) {
        AzureOpenAISimulator.Builder builder = AzureOpenAISimulator.builder()
            .deployment(Deployment.of(IngestRunner.DEPLOYMENT).withQuota(settings.simulatorQuota()))
            .latency(settings.latency());
        if (settings.faults() == IngestSettings.Faults.SPARSE) {
            builder.throttleHeaders(ThrottleHeaders.RETRY_AFTER_SECONDS_ONLY).remainingHeaders(false)
                .limitHeaders(false);
        }
        return builder;
    }

    /**
     * The row order of one repeat: forward on even repeats, reversed on odd ones.
     *
     * @param rows the rows in forward order
     * @param repeat the repeat index, from 0
     * @param <T> the row type
     * @return the rows in this repeat's order
     */
    static <T> List<T> order(List<T> rows, int repeat) {
        List<T> order = new ArrayList<>(rows);
        if (repeat % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    private static String header(IngestSettings settings) {
        Runtime runtime = Runtime.getRuntime();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT,
            "ThrottledIngest (setting %s): %d embeddings requests per row (%d input(s), %d estimated tokens each),"
                + " %d in flight (%s), simulator quota %d requests per %s window, %s (HTTPS on loopback)%n"
                + "goodput counts against the %s quota: %.0f requests per %s%n"
                + "%s%d repeat(s), row order alternating forward/reverse; cells: median [min-max]%n"
                + "Java %s, %d cores, load average %.2f at start%n%n",
            settings.setting().flag(), settings.requests(), settings.inputs(), settings.tokensPerRequest(),
            settings.concurrency(), clientName(settings), settings.quota(), seconds(settings),
            settings.simulatorQuota(), settings.tokenBound() ? "token" : "request", settings.goodputQuota(),
            String.format(Locale.ROOT, "%.3g s", settings.goodputWindow().toMillis() / 1000.0),
            faultsLine(settings),
            settings.repeats(),
            System.getProperty("java.version"), runtime.availableProcessors(), load);
    }

    private static String faultsLine(IngestSettings settings) {
        String latency = settings.latency().isZero() ? "" : String.format(Locale.ROOT,
            "latency: the simulator answers every request after %d ms%n", settings.latency().toMillis());
        String lull = settings.setting() != IngestSettings.Setting.LULL ? "" : String.format(Locale.ROOT,
            "lull: %d requests at %d in flight, a pause of %.3g s, then a burst of %d requests all in flight at once"
                + " (the burst's 429 share below the table)%n", settings.steadyRequests(), settings.concurrency(),
            settings.pause().toMillis() / 1000.0, settings.burstRequests());
        return latency + lull + switch (settings.faults()) {
            case CLEAN -> "";
            case MESSY -> String.format(Locale.ROOT, "faults messy: the simulator's 429s in a seeded mix of shapes"
                + " (seed %d)%n", settings.seed());
            case SPARSE -> String.format(Locale.ROOT, "faults sparse: the simulator's 429s carry only a whole-second"
                + " retry-after; no answer carries x-ratelimit-* or retry-after-ms%n");
        };
    }

    private static String clientName(IngestSettings settings) {
        return settings.client() == IngestSettings.ClientMode.SYNC
            ? "azure-ai-openai OpenAIClient or openai-java OpenAIClient on as many threads"
            : "azure-ai-openai OpenAIAsyncClient or openai-java client.async()";
    }

    private static String seconds(IngestSettings settings) {
        return String.format(Locale.ROOT, "%.3g s", settings.window().toMillis() / 1000.0);
    }
}
