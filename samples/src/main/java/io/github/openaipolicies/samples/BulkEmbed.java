// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.ai.openai.OpenAIAsyncClient;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.samples.bulkembed.Batch;
import io.github.openaipolicies.samples.bulkembed.Batcher;
import io.github.openaipolicies.samples.bulkembed.Chunk;
import io.github.openaipolicies.samples.bulkembed.Chunker;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.samples.bulkembed.DurationConverter;
import io.github.openaipolicies.samples.bulkembed.EmbeddingJob;
import io.github.openaipolicies.samples.bulkembed.EmbeddingWriter;
import io.github.openaipolicies.samples.bulkembed.EmbeddingsClientFactory;
import io.github.openaipolicies.samples.bulkembed.Failures;
import io.github.openaipolicies.samples.bulkembed.ProgressReporter;
import io.github.openaipolicies.samples.bulkembed.Quota;
import io.github.openaipolicies.samples.bulkembed.RunStats;
import io.github.openaipolicies.samples.bulkembed.SourceDocument;
import io.github.openaipolicies.samples.bulkembed.SummaryTable;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The main job: embeds a corpus through {@code OpenAIAsyncClient} with {@link OpenAIPipelines#install} in its
 * pipeline, many calls at once, under a quota that throttles it hard, and writes one JSON line per chunk.
 *
 * <p>Run {@code mvn -q -pl samples exec:java -Dexec.args=--help} for the options. Exit status: 0 when every chunk was
 * embedded, 1 when some batches failed after their retries, 2 for bad input (including a rejected credential or an
 * unreachable endpoint), 130 when interrupted.</p>
 */
@Command(name = "bulk-embed", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Splits a corpus into chunks, embeds them in batches through OpenAIAsyncClient (with OpenAIPipelines.install)"
            + " and writes one JSON line per chunk: source, chunkIndex, sha256 of the text, tokens, vector.",
        "Tokens are estimated as ceil(characters / 4), as the simulator counts them.",
        "By default it runs against an embedded Azure OpenAI simulator with a quota small enough to throttle it."},
    footer = {"",
        "Environment:",
        "  " + Target.ENDPOINT_VARIABLE,
        "      a real Azure OpenAI endpoint to use instead of the simulator",
        "  " + Target.API_KEY_VARIABLE,
        "      its API key; when unset, DefaultAzureCredential (Entra ID) is used",
        "  " + Target.DEPLOYMENT_VARIABLE,
        "      its embeddings deployment (--deployment wins)",
        "",
        "Exit status: 0 every chunk embedded, 1 some chunks failed, 2 bad input,",
        "credential rejected or endpoint unreachable, 130 interrupted (Ctrl-C)."})
public final class BulkEmbed implements Callable<Integer> {
    /** Exit status when every chunk was embedded. */
    public static final int EXIT_OK = 0;
    /** Exit status when some batches failed after their retries. */
    public static final int EXIT_SOME_FAILED = 1;
    /** Exit status for bad input, a rejected credential or an unreachable endpoint. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit status when interrupted (Ctrl-C). */
    public static final int EXIT_INTERRUPTED = 130;

    private static final String NAME = "bulk-embed";
    private static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";
    private static final String DEFAULT_DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;
    private static final int SIMULATOR_DIMENSIONS = 256;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CORPUS",
        description = "A file or folder to embed. Default: this project's own Markdown and Java sources (the folder"
            + " holding the parent pom.xml, found by walking up from the working directory).")
    private Path corpus;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Where to write the JSON lines. Default: samples/target/bulk-embed/embeddings.jsonl under the"
            + " project root, or target/bulk-embed/embeddings.jsonl under the working directory outside it.")
    private Path output;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N",
        description = "Embeddings calls in flight at once (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
        description = "Most inputs in one call (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--batch-tokens", defaultValue = "2048", paramLabel = "N",
        description = "Most estimated tokens in one call (default: ${DEFAULT-VALUE}).")
    private int batchTokens;

    @Option(names = "--chunk-tokens", defaultValue = "256", paramLabel = "N",
        description = "Most estimated tokens in one chunk; paragraphs are packed up to it, longer ones split"
            + " (default: ${DEFAULT-VALUE}).")
    private int chunkTokens;

    @Option(names = "--extensions", defaultValue = "md,java", split = ",", paramLabel = "EXT",
        description = "File extensions read from a corpus folder (default: ${DEFAULT-VALUE}).")
    private Set<String> extensions;

    @Option(names = "--deployment", paramLabel = "NAME",
        description = "Embeddings deployment. Default: $" + Target.DEPLOYMENT_VARIABLE + ", else "
            + DEFAULT_DEPLOYMENT + ".")
    private String deployment;

    @Option(names = "--dimensions", paramLabel = "N",
        description = "Vector length to ask for (text-embedding-3 models). Default: the model's own; the embedded"
            + " simulator's is " + SIMULATOR_DIMENSIONS + ".")
    private Integer dimensions;

    @Option(names = "--max-retries", defaultValue = "20", paramLabel = "N",
        description = "Retries per call after the first try, for 429s and transient errors (default:"
            + " ${DEFAULT-VALUE}).")
    private int maxRetries;

    @Option(names = "--sim-rpm", defaultValue = "6", paramLabel = "N",
        description = "Embedded simulator: requests accepted per quota window, 0 = unlimited (default:"
            + " ${DEFAULT-VALUE}).")
    private int simRequests;

    @Option(names = "--sim-tpm", defaultValue = "8000", paramLabel = "N",
        description = "Embedded simulator: estimated tokens accepted per quota window, 0 = unlimited (default:"
            + " ${DEFAULT-VALUE}).")
    private int simTokens;

    @Option(names = "--sim-window", defaultValue = "2s", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Embedded simulator: length of the quota window, e.g. 500ms, 10s, 1m (default:"
            + " ${DEFAULT-VALUE}).")
    private Duration simWindow;

    @Option(names = "--progress-interval", defaultValue = "5s", paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "How often to print a progress line when the output is not a terminal (default:"
            + " ${DEFAULT-VALUE}).")
    private Duration progressInterval;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final AzureOpenAISimulator providedSimulator;
    private final ShutdownHooks shutdownHooks;

    private BulkEmbed(PrintStream out, PrintStream err, Map<String, String> env, AzureOpenAISimulator simulator,
                      ShutdownHooks shutdownHooks) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.providedSimulator = simulator;
        this.shutdownHooks = shutdownHooks;
    }

    /**
     * Runs BulkEmbed and exits with its status.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        routeLogsToFile();
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Sends slf4j-simple's output (every attempt, logged by {@code RequestLoggingPolicy}) to a file next to the
     * default output, so it does not break the progress bar; {@code -Dorg.slf4j.simpleLogger.logFile=System.err}
     * keeps it on the terminal. Must run before the first logger is created.
     */
    private static void routeLogsToFile() {
        if (System.getProperty(LOG_FILE_PROPERTY) != null) {
            return;
        }
        Path log = defaultOutput().resolveSibling("bulk-embed.log").toAbsolutePath().normalize();
        try {
            java.nio.file.Files.createDirectories(log.getParent());
            System.setProperty(LOG_FILE_PROPERTY, log.toString());
        } catch (java.io.IOException e) {
            // logs stay on stderr
        }
    }

    /**
     * Runs BulkEmbed without exiting: against {@code AZURE_OPENAI_ENDPOINT} when set in {@code env}, else an
     * embedded simulator.
     *
     * @param args the command line
     * @param out where the target line, progress and summary go
     * @param err where errors go, one line each
     * @param env the environment variables to read
     * @return the exit status ({@link #EXIT_OK}, {@link #EXIT_SOME_FAILED}, {@link #EXIT_BAD_INPUT},
     *     {@link #EXIT_INTERRUPTED})
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, null);
    }

    /**
     * Runs BulkEmbed against a simulator the caller started (and closes), with the simulator's default API key; the
     * {@code --sim-*} options and {@code AZURE_OPENAI_*} variables are then ignored. For tests that compare the
     * summary with the simulator's journal.
     *
     * @param args the command line
     * @param out where the target line, progress and summary go
     * @param err where errors go, one line each
     * @param env the environment variables to read
     * @param simulator the simulator to call, or null to choose as {@link #run(String[], PrintStream, PrintStream,
     *     Map)} does
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
                          AzureOpenAISimulator simulator) {
        return run(args, out, err, env, simulator, ShutdownHooks.JVM);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
                   AzureOpenAISimulator simulator, ShutdownHooks shutdownHooks) {
        CommandLine commandLine = new CommandLine(new BulkEmbed(out, err, env, simulator, shutdownHooks));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            err.println(NAME + ": " + exception.getMessage() + " (see --help)");
            return EXIT_BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            err.println(NAME + ": unexpected error: " + exception);
            return EXIT_SOME_FAILED;
        });
        return commandLine.execute(args);
    }

    /**
     * Runs the job with the parsed options (picocli calls this).
     *
     * @return the exit status
     */
    @Override
    public Integer call() {
        try {
            return embedCorpus();
        } catch (BadInput | UncheckedIOException e) {
            err.println(NAME + ": " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
    }

    private int embedCorpus() {
        validateOptions();
        Path corpusPath = corpus != null ? corpus : CorpusReader.findProjectRoot(Path.of("")).orElseThrow(() ->
            new BadInput("no corpus given and the working directory is not inside this project: pass a file or"
                + " folder"));
        List<SourceDocument> documents;
        try {
            documents = new CorpusReader(extensions).read(corpusPath);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        List<Chunk> chunks = new Chunker(chunkTokens).chunkAll(documents);
        if (chunks.isEmpty()) {
            throw new BadInput("corpus is empty: no text in " + corpusPath
                + (java.nio.file.Files.isDirectory(corpusPath) ? " (files read: *." + String.join(", *.",
                new java.util.TreeSet<>(extensions)) + ")" : ""));
        }
        List<Batch> batches = new Batcher(batchSize, batchTokens).batch(chunks);
        Path outputPath = output != null ? output : defaultOutput();

        try (Target target = chooseTarget()) {
            out.println("Target: " + target.description());
            if (target.isRemote()) {
                Failures.unreachable(target.endpoint(), Duration.ofSeconds(10)).ifPresent(message -> {
                    throw new BadInput(message);
                });
            }
            out.printf("Corpus: %s (%d files, %d chunks, ~%d tokens, %d batches, concurrency %d)%n",
                corpusPath.toAbsolutePath().normalize(), documents.size(), chunks.size(),
                chunks.stream().mapToLong(Chunk::tokens).sum(), batches.size(), concurrency);
            out.println("Output: " + outputPath.toAbsolutePath().normalize());
            String logFile = System.getProperty(LOG_FILE_PROPERTY);
            if (logFile != null && !logFile.startsWith("System.")) {
                out.println("Log:    " + logFile + " (one line per HTTP attempt)");
            }
            return embed(target, chunks.size(), batches, outputPath);
        }
    }

    private int embed(Target target, int chunkCount, List<Batch> batches, Path outputPath) {
        RunStats stats = new RunStats(chunkCount, System::nanoTime);
        OpenAIAsyncClient client = EmbeddingsClientFactory.build(target, stats, maxRetries);

        CountDownLatch summaryPrinted = new CountDownLatch(1);
        EmbeddingJob job;
        EmbeddingJob.Outcome outcome;
        try (EmbeddingWriter writer = EmbeddingWriter.open(outputPath)) {
            ProgressReporter progress = ProgressReporter.choose(out, stats, progressInterval);
            job = new EmbeddingJob(client, target, dimensions, concurrency, writer, stats, progress);
            Thread hook = new Thread(() -> cancelAndAwaitSummary(job, summaryPrinted), "bulk-embed-shutdown");
            shutdownHooks.add(hook);
            try {
                outcome = job.run(batches);
            } finally {
                stats.finish();
                progress.close();
                writer.close();
                shutdownHooks.remove(hook);
            }
            try {
                return report(outcome, stats.snapshot(), target, writer);
            } finally {
                summaryPrinted.countDown();
            }
        }
    }

    private int report(EmbeddingJob.Outcome outcome, RunStats.Snapshot stats, Target target,
                       EmbeddingWriter writer) {
        boolean complete = stats.chunksEmbedded() == stats.chunksTotal();
        String ending = switch (outcome.kind()) {
            case COMPLETED -> complete ? "completed" : "completed with failures";
            case STOPPED -> "stopped";
            case CANCELLED -> "interrupted";
        };
        out.print(SummaryTable.render(ending, stats, target.quota(), writer.path(), writer.lines()));
        out.flush();
        switch (outcome.kind()) {
            case STOPPED:
                err.println(NAME + ": " + outcome.message().orElse("stopped"));
                return EXIT_BAD_INPUT;
            case CANCELLED:
                err.println(NAME + ": interrupted; " + writer.lines() + " lines written are complete");
                return EXIT_INTERRUPTED;
            default:
                if (complete) {
                    return EXIT_OK;
                }
                err.println(NAME + ": " + stats.chunksFailed() + " chunks failed; last error: "
                    + outcome.message().orElse("unknown"));
                return EXIT_SOME_FAILED;
        }
    }

    private static void cancelAndAwaitSummary(EmbeddingJob job, CountDownLatch summaryPrinted) {
        job.cancel();
        try {
            summaryPrinted.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void validateOptions() {
        positive("--concurrency", concurrency);
        positive("--batch-size", batchSize);
        positive("--batch-tokens", batchTokens);
        positive("--chunk-tokens", chunkTokens);
        if (chunkTokens > batchTokens) {
            throw new BadInput("--chunk-tokens (" + chunkTokens + ") must not exceed --batch-tokens ("
                + batchTokens + ")");
        }
        if (dimensions != null) {
            positive("--dimensions", dimensions);
        }
        if (maxRetries < 0) {
            throw new BadInput("--max-retries must be 0 or more, was " + maxRetries);
        }
        if (simRequests < 0 || simTokens < 0) {
            throw new BadInput("--sim-rpm and --sim-tpm must be 0 (unlimited) or more");
        }
        if (simWindow.isZero() || simWindow.isNegative() || progressInterval.isZero()
            || progressInterval.isNegative()) {
            throw new BadInput("--sim-window and --progress-interval must be positive");
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new BadInput(option + " must be at least 1, was " + value);
        }
    }

    private Target chooseTarget() {
        if (providedSimulator != null) {
            return Target.simulator(providedSimulator, deploymentName());
        }
        String endpoint = env.get(Target.ENDPOINT_VARIABLE);
        if (endpoint != null && !endpoint.isBlank()) {
            return Target.azure(env, deploymentName());
        }
        return Target.embeddedSimulator(deploymentName(), new Quota(simRequests, simTokens, simWindow),
            dimensions != null ? dimensions : SIMULATOR_DIMENSIONS);
    }

    private String deploymentName() {
        if (deployment != null && !deployment.isBlank()) {
            return deployment;
        }
        String fromEnv = env.get(Target.DEPLOYMENT_VARIABLE);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : DEFAULT_DEPLOYMENT;
    }

    private static Path defaultOutput() {
        Path relative = Path.of("target", "bulk-embed", "embeddings.jsonl");
        return CorpusReader.findProjectRoot(Path.of("")).map(root -> root.resolve("samples").resolve(relative))
            .orElse(relative);
    }

    /** Bad input: reported as one line on stderr with exit status 2. */
    private static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }
}
