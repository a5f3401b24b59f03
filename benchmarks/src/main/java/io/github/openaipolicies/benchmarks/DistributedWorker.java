package io.github.openaipolicies.benchmarks;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.http.HttpClient;
import io.github.openaipolicies.testkit.HttpClientKind;
import io.github.openaipolicies.testkit.implementation.SimulatorHttpClients;
import io.lettuce.core.RedisClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One worker process of {@link DistributedIngest}: builds its client for a row, makes a few unmeasured calls through a
 * second client of the same row (its own gate, its own Redis keys), to load classes, Redis scripts and connections,
 * prints {@value #READY} (with how many {@link CpuBurner} threads spin in it), waits for {@value #GO} on its standard
 * input, makes its share of the calls and prints one {@link WorkerReport} line.
 *
 * <p>Arguments: {@code --endpoint URL --row NAME --requests N --concurrency C [--redis-url URL --key-prefix P]
 * [--cpu-burn N]}; with {@code --cpu-burn N}, N threads spin from the start to the end of the process.</p>
 */
public final class DistributedWorker {
    /** The line a worker prints once its client is built and warm. */
    static final String READY = "READY";
    /** The line the coordinator sends to start the calls. */
    static final String GO = "GO";

    private static final int WARM_UP_CALLS = 2;
    private static final String CPU_BURN = " cpu-burn=";
    private static final Duration BURNER_START = Duration.ofMinutes(1);

    private DistributedWorker() {
    }

    /**
     * Runs the worker and exits with 0, or with 1 when it could not run.
     *
     * @param args see the class documentation
     * @throws IOException when the standard streams fail
     * @throws InterruptedException if interrupted while its burner threads start
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String endpoint = options.get("--endpoint");
        String row = options.get("--row");
        int requests = Integer.parseInt(options.get("--requests"));
        IngestSettings settings = IngestSettings.parse("--requests", Integer.toString(Math.max(1, requests)),
            "--concurrency", options.get("--concurrency"));
        String redisUrl = options.get("--redis-url");
        int cpuBurn = Integer.parseInt(options.getOrDefault("--cpu-burn", "0"));
        try (CpuBurner burner = CpuBurner.start(cpuBurn)) {
            int spinning = burner.awaitSpinning(BURNER_START);
            run(endpoint, row, requests, settings, redisUrl, options.get("--key-prefix"), spinning);
        }
        System.exit(0);
    }

    /**
     * The {@value #READY} line of a worker in which {@code spinning} burner threads spin.
     *
     * @param spinning the spinning threads
     * @return the line
     */
    static String readyLine(int spinning) {
        return READY + CPU_BURN + spinning;
    }

    /**
     * How many burner threads spin in the worker that printed a {@value #READY} line.
     *
     * @param line the line
     * @return the spinning threads
     * @throws IllegalArgumentException if the line does not say
     */
    static int cpuBurnOf(String line) {
        int at = line.indexOf(CPU_BURN);
        if (!line.startsWith(READY) || at < 0) {
            throw new IllegalArgumentException("not a READY line with" + CPU_BURN + ": '" + line + "'");
        }
        return Integer.parseInt(line.substring(at + CPU_BURN.length()).trim());
    }

    private static void run(String endpoint, String row, int requests, IngestSettings settings, String redisUrl,
                            String keyPrefix, int spinning) throws IOException {
        RedisClient redis = redisUrl == null ? null : RedisClient.create(redisUrl);
        try {
            HttpClient transport = SimulatorHttpClients.create(HttpClientKind.NETTY, URI.create(endpoint).getPort());
            OpenAIClientBuilder builder = DistributedRows.configure(row, redis, keyPrefix)
                .apply(IngestRunner.clientBuilder(endpoint, transport));
            AttemptCounter counter = new AttemptCounter();
            builder.addPolicy(counter);
            new IngestRunner(settings).drive(DistributedRows.configure(row, redis,
                    keyPrefix == null ? null : keyPrefix + "warm-up:")
                .apply(IngestRunner.clientBuilder(endpoint, transport)), WARM_UP_CALLS);

            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println(readyLine(spinning));
            System.out.flush();
            String command = commands.readLine();
            if (!GO.equals(command)) {
                System.err.println("expected " + GO + ", read " + command);
                System.exit(1);
            }
            Instant go = Instant.now();
            long start = System.nanoTime();
            IngestRunner.Outcomes outcomes = new IngestRunner(settings).drive(builder, requests);
            long end = System.nanoTime();
            WorkerReport report = new WorkerReport(outcomes.completed(), counter.attempts(), counter.throttled(),
                go.plusNanos(end - start),
                outcomes.completed() == 0 ? null : go.plusNanos(outcomes.lastSuccess() - start),
                outcomes.failures());
            System.out.println(report.toLine());
            System.out.flush();
        } finally {
            if (redis != null) {
                redis.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }
}
