package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Quota;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Benchmark: several worker processes share one deployment's quota. For each row, K worker JVMs
 * ({@link DistributedWorker}, default 4) send N embeddings requests in total (N/K each, 16 in flight each, through
 * {@code OpenAIAsyncClient}) to one simulator running in this JVM, whose request quota binds. Rows: {@code local}
 * (each worker with its own in-memory gate), {@code redis} (every worker with a {@code RedisThrottleGate} on one
 * Redis: an embedded {@code redis-server} unless {@code --redis-url} is given) and {@code stock-10} (azure-core's
 * RetryPolicy with 10 retries). Workers start on a reset simulator, warm up through a second client of their row and
 * report ready; then the simulator is reset again and every worker is told to start at once. Prints the {@link IngestReport} table (median [min-max] over the repeats, rows alternating
 * their order), writes the CSV files and a PNG of each row's median run.
 *
 * <p>Run: {@code mvn -pl benchmarks exec:exec@distributed-ingest -Ddistributed.args="--repeats 3"}; options in
 * {@link DistributedSettings#usage()}.</p>
 */
public final class DistributedIngest {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(10);

    private DistributedIngest() {
    }

    /**
     * Parses the options, runs every row, prints the table and writes the CSV files and the chart.
     *
     * @param args see {@link DistributedSettings#usage()}
     */
    public static void main(String[] args) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(DistributedSettings.usage());
            return;
        }
        DistributedSettings settings;
        try {
            settings = DistributedSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<RunResult, RunTimeline> timelines = new IdentityHashMap<>();
        run(settings, System.out, timelines).printAndWrite(System.out, timelines, settings.chart(),
            IngestChart.averageQuota(settings.quota(), settings.window()));
        System.exit(0);
    }

    /**
     * Runs every row {@code repeats} times against one simulator, reset before each run.
     *
     * @param settings the settings
     * @param progress where one line per run goes
     * @param timelines receives the timeline of every run
     * @return the report
     */
    static IngestReport run(DistributedSettings settings, PrintStream progress, Map<RunResult, RunTimeline> timelines) {
        boolean embedded = settings.rows().contains(DistributedRows.REDIS) && settings.redisUrl() == null;
        try (EmbeddedRedis redis = embedded ? EmbeddedRedis.start() : null;
             AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
                 .deployment(Deployment.of(IngestRunner.DEPLOYMENT).withQuota(settings.simulatorQuota())).start()) {
            String redisUrl = embedded ? redis.url() : settings.redisUrl();
            String header = header(settings, redisUrl, embedded);
            progress.print(header);
            Path log = workerLog(settings);
            List<RunResult> results = new ArrayList<>();
            for (int repeat = 0; repeat < settings.repeats(); repeat++) {
                for (String row : ThrottledIngest.order(settings.rows(), repeat)) {
                    RunResult result = runRow(simulator, settings, row, repeat, redisUrl, log, timelines);
                    results.add(result);
                    progress.println(IngestReport.progressLine(result, settings.repeats()));
                }
            }
            return new IngestReport(settings.layout(), results, header);
        }
    }

    private static RunResult runRow(AzureOpenAISimulator simulator, DistributedSettings settings, String row,
                                    int repeat, String redisUrl, Path log, Map<RunResult, RunTimeline> timelines) {
        String keyPrefix = "distributed-ingest:" + UUID.randomUUID() + ":";
        List<WorkerProcess> workers = new ArrayList<>();
        simulator.reset();
        try {
            for (int i = 0; i < settings.workers(); i++) {
                List<String> arguments = new ArrayList<>(List.of("--endpoint", simulator.endpoint(), "--row", row,
                    "--requests", Integer.toString(settings.requestsOf(i)),
                    "--concurrency", Integer.toString(settings.concurrency())));
                if (DistributedRows.REDIS.equals(row)) {
                    arguments.addAll(List.of("--redis-url", redisUrl, "--key-prefix", keyPrefix));
                }
                if (settings.cpuBurn() > 0) {
                    arguments.addAll(List.of("--cpu-burn", Integer.toString(settings.cpuBurn())));
                }
                workers.add(WorkerProcess.start("worker " + (i + 1) + " (" + row + ")", arguments, log));
            }
            for (WorkerProcess worker : workers) {
                int spinning = DistributedWorker.cpuBurnOf(worker.await(DistributedWorker.READY, READY_TIMEOUT));
                if (spinning != settings.cpuBurn()) {
                    throw new IllegalStateException("a worker of row " + row + " has " + spinning
                        + " burner thread(s) spinning, not the " + settings.cpuBurn() + " of --cpu-burn");
                }
            }
            simulator.reset();
            Instant go = Instant.now();
            workers.forEach(worker -> worker.send(DistributedWorker.GO));
            List<WorkerReport> reports = new ArrayList<>();
            for (WorkerProcess worker : workers) {
                reports.add(WorkerReport.parse(worker.await(WorkerReport.PREFIX, RESULT_TIMEOUT)));
            }
            List<JournalEntry> journal = simulator.journal().entries(IngestRunner.DEPLOYMENT);
            RunResult result = WorkerReport.combine(row, repeat, go, reports, journal, settings.quota(),
                settings.window());
            timelines.put(result, RunTimeline.of(journal, go, RunTimeline.BUCKET));
            return result;
        } finally {
            workers.forEach(WorkerProcess::close);
        }
    }

    /** The workers' standard error, next to the CSV, emptied at the start of a run. */
    private static Path workerLog(DistributedSettings settings) {
        String name = settings.csv().getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path log = settings.csv().resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-workers.log");
        try {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(log);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(DistributedSettings settings, String redisUrl, boolean embedded) {
        Runtime runtime = Runtime.getRuntime();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String quota = settings.profile() == Quota.Profile.AZURE
            ? String.format(Locale.ROOT, "%d requests per 10 s (Azure profile, a %,d TPM deployment)", settings.quota(),
                settings.quota() * 1000L)
            : String.format(Locale.ROOT, "%d requests per %d ms sliding window", settings.quota(),
                settings.window().toMillis());
        String redis = !settings.rows().contains(DistributedRows.REDIS) ? ""
            : String.format(Locale.ROOT, "redis row: %s at %s%n", embedded ? "embedded redis-server" : "Redis",
                redisUrl);
        return String.format(Locale.ROOT,
            "DistributedIngest: %d embeddings requests per row in total from %d worker JVMs (%s each), %d in flight"
                + " per worker (OpenAIAsyncClient), one simulator in the coordinating JVM (HTTPS on loopback)%n"
                + "simulator quota %s; goodput counts against it%n%s%s"
                + "%d repeat(s), row order alternating forward/reverse; cells: median [min-max]; elapsed: from the"
                + " start signal to the last worker's last outcome%n"
                + "Java %s, %d cores, load average %.2f at start%n%n",
            settings.requests(), settings.workers(), shares(settings), settings.concurrency(), quota, redis,
            settings.cpuBurn() == 0 ? "" : String.format(Locale.ROOT, "cpu burn: %d spinning thread(s) in each worker"
                + " JVM, from its start to its end (a loaded machine)%n", settings.cpuBurn()),
            settings.repeats(), System.getProperty("java.version"), runtime.availableProcessors(), load);
    }

    private static String shares(DistributedSettings settings) {
        int low = settings.requestsOf(settings.workers() - 1);
        int high = settings.requestsOf(0);
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
