package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.Quota;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link DistributedIngest} run, with the command-line parser.
 *
 * <p>Defaults: 4 workers sending 600 embeddings requests in total (150 each, 16 in flight each), under Azure's quota
 * profile at 200 requests per 10 s: at the limit the 600 requests need 3 windows, so a row takes 20 to 30 s while 64
 * callers on loopback could send hundreds per second. {@code --window} switches to one sliding window of that length
 * (for short test runs).</p>
 *
 * @param workers worker processes
 * @param requests embeddings requests in total, shared out as evenly as possible
 * @param concurrency calls in flight in each worker
 * @param quota requests the simulator admits per window
 * @param window the quota window: 10 s under Azure's profile
 * @param profile {@link Quota.Profile#AZURE} or {@link Quota.Profile#SLIDING_WINDOW}
 * @param repeats how many times each row runs
 * @param rows the row names, in forward order
 * @param csv where the summary CSV goes (the per-run CSV goes next to it)
 * @param chart where the PNG goes
 * @param redisUrl the Redis of the {@code redis} row, or null to start an embedded one
 * @param cpuBurn spinning threads in each worker JVM ({@link CpuBurner}), 0 for none: a loaded machine
 */
record DistributedSettings(int workers, int requests, int concurrency, int quota, Duration window,
                           Quota.Profile profile, int repeats, List<String> rows, Path csv, Path chart,
                           String redisUrl, int cpuBurn) {
    /** Default {@code --workers}. */
    static final int DEFAULT_WORKERS = 4;
    /** Default {@code --requests}. */
    static final int DEFAULT_REQUESTS = 600;
    /** Default {@code --csv}, relative to the working directory. */
    static final Path DEFAULT_CSV = Path.of("target", "distributed-ingest.csv");

    DistributedSettings {
        IngestSettings.requirePositive(workers, "--workers");
        IngestSettings.requirePositive(concurrency, "--concurrency");
        IngestSettings.requirePositive(quota, "--quota");
        IngestSettings.requirePositive(repeats, "--repeats");
        if (requests < workers) {
            throw new IllegalArgumentException("--requests must be at least --workers (" + workers + "), was "
                + requests);
        }
        Objects.requireNonNull(window, "--window");
        Objects.requireNonNull(profile, "profile");
        rows = DistributedRows.check(rows);
        Objects.requireNonNull(csv, "--csv");
        Objects.requireNonNull(chart, "--chart");
        if (cpuBurn < 0) {
            throw new IllegalArgumentException("--cpu-burn must not be negative, was " + cpuBurn);
        }
    }

    /**
     * The calls of one worker: an even share, the first workers taking one more when the total does not divide.
     *
     * @param worker the worker's index, from 0
     * @return its calls
     */
    int requestsOf(int worker) {
        return requests / workers + (worker < requests % workers ? 1 : 0);
    }

    /**
     * The simulator's quota for the benchmark deployment.
     *
     * @return {@code quota} requests per 10 s under Azure's profile (a {@code quota x 1000} TPM deployment), else per
     *     sliding window
     */
    Quota simulatorQuota() {
        return profile == Quota.Profile.AZURE ? Quota.azure(Math.multiplyExact(quota, 1000))
            : Quota.slidingWindow(quota, 0, window);
    }

    /**
     * The layout of the report.
     *
     * @return rows, legend, CSV paths and settings columns
     */
    ReportLayout layout() {
        return new ReportLayout(rows, DistributedRows.all(), csv, IngestSettings.runsCsv(csv), requests, concurrency,
            quota, window);
    }

    /**
     * Parses {@code --workers K --requests N --concurrency C --quota Q --window 2s --repeats R --rows a,b --csv PATH
     * --chart PATH --redis-url URL --cpu-burn N}; every option is optional.
     *
     * @param args the command line
     * @return the settings
     * @throws IllegalArgumentException for an unknown option, a missing value or a value out of range
     */
    static DistributedSettings parse(String... args) {
        ChartOption chart = ChartOption.extract(args);
        String[] rest = chart.rest();
        int workers = DEFAULT_WORKERS;
        int requests = DEFAULT_REQUESTS;
        int concurrency = IngestSettings.DEFAULT_CONCURRENCY;
        int quota = IngestSettings.DEFAULT_AZURE_QUOTA;
        Duration window = null;
        int repeats = IngestSettings.DEFAULT_REPEATS;
        List<String> rows = DistributedRows.names();
        Path csv = DEFAULT_CSV;
        String redisUrl = null;
        int cpuBurn = 0;
        for (int i = 0; i < rest.length; i += 2) {
            String option = rest[i];
            if (i + 1 == rest.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + usage());
            }
            String value = rest[i + 1];
            switch (option) {
                case "--workers" -> workers = IngestSettings.parseInt(option, value);
                case "--requests" -> requests = IngestSettings.parseInt(option, value);
                case "--concurrency" -> concurrency = IngestSettings.parseInt(option, value);
                case "--quota" -> quota = IngestSettings.parseInt(option, value);
                case "--window" -> window = IngestSettings.parseDuration(option, value);
                case "--repeats" -> repeats = IngestSettings.parseInt(option, value);
                case "--rows" -> rows = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .toList();
                case "--csv" -> csv = Path.of(value);
                case "--redis-url" -> redisUrl = value;
                case "--cpu-burn" -> cpuBurn = IngestSettings.parseInt(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + usage());
            }
        }
        Quota.Profile profile = window == null ? Quota.Profile.AZURE : Quota.Profile.SLIDING_WINDOW;
        return new DistributedSettings(workers, requests, concurrency, quota,
            window == null ? Quota.AZURE_REQUEST_WINDOW : window, profile, repeats, rows, csv, chart.path(csv),
            redisUrl, cpuBurn);
    }

    /**
     * The command-line help.
     *
     * @return the usage text
     */
    static String usage() {
        return "usage: DistributedIngest [--workers " + DEFAULT_WORKERS + "] [--requests " + DEFAULT_REQUESTS
            + " in total] [--concurrency " + IngestSettings.DEFAULT_CONCURRENCY + " per worker] [--quota "
            + IngestSettings.DEFAULT_AZURE_QUOTA + " per 10 s] [--window 2s: one sliding window instead of Azure's"
            + " profile] [--repeats " + IngestSettings.DEFAULT_REPEATS + "] [--rows "
            + String.join(",", DistributedRows.names()) + "] [--csv " + DEFAULT_CSV + "] [--chart PATH, default the"
            + " CSV's path ending .png] [--redis-url redis://host:port, default an embedded Redis] [--cpu-burn 0"
            + " spinning threads in each worker JVM]";
    }
}
