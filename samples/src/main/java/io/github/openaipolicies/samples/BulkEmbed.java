// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.openai.client.OpenAIClientAsync;
import com.azure.core.http.HttpClient;
import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.samples.bulkembed.Batch;
import io.github.openaipolicies.samples.bulkembed.AzureEmbeddings;
import io.github.openaipolicies.samples.bulkembed.Batcher;
import io.github.openaipolicies.samples.bulkembed.ChunkSource;
import io.github.openaipolicies.samples.bulkembed.ClientKind;
import io.github.openaipolicies.samples.bulkembed.Chunker;
import io.github.openaipolicies.samples.bulkembed.CorpusFile;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.samples.bulkembed.CorpusWalker;
import io.github.openaipolicies.samples.bulkembed.EmbeddingJob;
import io.github.openaipolicies.samples.bulkembed.EmbeddingWriter;
import io.github.openaipolicies.samples.bulkembed.EmbeddingsBackend;
import io.github.openaipolicies.samples.bulkembed.EmbeddingsClientFactory;
import io.github.openaipolicies.samples.bulkembed.FailureLog;
import io.github.openaipolicies.samples.bulkembed.OpenAIJavaClientFactory;
import io.github.openaipolicies.samples.bulkembed.OpenAIJavaEmbeddings;
import io.github.openaipolicies.samples.bulkembed.Failures;
import io.github.openaipolicies.samples.bulkembed.ProgressReporter;
import io.github.openaipolicies.samples.bulkembed.ResumeState;
import io.github.openaipolicies.samples.bulkembed.RunStats;
import io.github.openaipolicies.samples.bulkembed.SharedGate;
import io.github.openaipolicies.samples.bulkembed.SkipReason;
import io.github.openaipolicies.samples.bulkembed.SummaryTable;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The main job: embeds a corpus through {@code OpenAIAsyncClient} with {@link OpenAIPipelines#install} in its
 * pipeline, many calls at once, under a quota that throttles it hard, and writes one JSON line per chunk.
 *
 * <p>Run {@code mvn -q -pl samples exec:java -Dexec.args=--help} for the options. Exit status: 0 when every chunk was
 * embedded, 1 when some chunks failed (listed in {@code failed.jsonl}), 2 for bad input or configuration (including a
 * rejected credential, an unreachable endpoint, or the same refusal for several batches), 3 when the output cannot be
 * written, 4 for an unexpected error, 130 when interrupted.</p>
 */
@Command(name = "bulk-embed", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Splits a corpus into chunks, embeds them in batches through OpenAIAsyncClient (with OpenAIPipelines.install)"
            + " and writes one JSON line per chunk: source, chunkIndex, sha256 of the text, tokens, vector.",
        "Tokens are counted with cl100k_base (the text-embedding-3 tokenizer); the corpus is read as it is embedded.",
        "By default it runs against an embedded Azure OpenAI simulator with a quota small enough to throttle it.",
        "--client openai-java sends through the official OpenAI Java SDK (OpenAIClientAsync, OpenAIJavaPolicies)"
            + " instead."},
    footer = {"",
        "Environment:",
        "  " + Target.ENDPOINT_VARIABLE,
        "      a real Azure OpenAI endpoint to use instead of the simulator",
        "  " + Target.API_KEY_VARIABLE,
        "      its API key; when unset, DefaultAzureCredential (Entra ID) is used",
        "  " + Target.DEPLOYMENT_VARIABLE,
        "      its embeddings deployment (--deployment wins)",
        "",
        "Exit status: 0 every chunk embedded, 1 some chunks failed (listed in failed.jsonl),",
        "2 bad input or configuration (credential rejected, endpoint unreachable, the same",
        "refusal for several batches), 3 output cannot be written, 4 unexpected error,",
        "130 interrupted (Ctrl-C)."})
public final class BulkEmbed implements Callable<Integer> {
    /** Exit status when every chunk was embedded. */
    public static final int EXIT_OK = 0;
    /** Exit status when some chunks failed after their retries (they are listed in {@code failed.jsonl}). */
    public static final int EXIT_SOME_FAILED = 1;
    /**
     * Exit status for bad input or configuration: a bad option, a rejected credential, an unreachable endpoint, the
     * same refusal for several batches.
     */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit status when the output cannot be written; the run stops at once. */
    public static final int EXIT_OUTPUT_FAILED = 3;
    /** Exit status for an unexpected error. */
    public static final int EXIT_UNEXPECTED = 4;
    /** Exit status when interrupted (Ctrl-C). */
    public static final int EXIT_INTERRUPTED = 130;

    private static final String NAME = "bulk-embed";
    private static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";
    private static final ClientLogger LOGGER = new ClientLogger(BulkEmbed.class);

    @Mixin
    private BulkEmbedOptions options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final AzureOpenAISimulator providedSimulator;
    private final ShutdownHooks shutdownHooks;
    private final UnaryOperator<HttpClient> transport;

    private BulkEmbed(PrintStream out, PrintStream err, Map<String, String> env, AzureOpenAISimulator simulator,
                      ShutdownHooks shutdownHooks, UnaryOperator<HttpClient> transport) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.providedSimulator = simulator;
        this.shutdownHooks = shutdownHooks;
        this.transport = transport;
    }

    /**
     * Runs BulkEmbed and exits with its status.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        PrintStream err = System.err;
        routeLogsToFile(args, err);
        System.exit(run(args, System.out, err, System.getenv()));
    }

    /**
     * Sends slf4j-simple's output (every attempt, logged by {@code RequestLoggingPolicy}; skipped files; failed
     * batches) to the log file, appended to with a header, so that it does not break the progress bar;
     * {@code -Dorg.slf4j.simpleLogger.logFile=System.err} keeps it on the terminal. Must run before the first logger
     * is created.
     */
    private static void routeLogsToFile(String[] args, PrintStream err) {
        if (System.getProperty(LOG_FILE_PROPERTY) != null) {
            return;
        }
        Path log = RunLog.pathFor(args).toAbsolutePath().normalize();
        try {
            System.setErr(RunLog.open(log, args));
            System.setProperty(LOG_FILE_PROPERTY, "System.err");
            System.setProperty(RunLog.PATH_PROPERTY, log.toString());
        } catch (IOException e) {
            err.println(NAME + ": cannot open the log file " + log + " (" + e.getMessage() + "); logging to stderr");
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
        return run(args, out, err, env, simulator, shutdownHooks, UnaryOperator.identity());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
                   AzureOpenAISimulator simulator, ShutdownHooks shutdownHooks, UnaryOperator<HttpClient> transport) {
        CommandLine commandLine = new CommandLine(new BulkEmbed(out, err, env, simulator, shutdownHooks,
            transport));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            err.println(NAME + ": " + exception.getMessage() + " (see --help)");
            return EXIT_BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            err.println(NAME + ": unexpected error: " + exception);
            return EXIT_UNEXPECTED;
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
        } catch (BadInput e) {
            err.println(NAME + ": " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
    }

    private int embedCorpus() {
        options.validate();
        Path corpusPath = options.corpus != null ? options.corpus : CorpusReader.findProjectRoot(Path.of(""))
            .orElseThrow(() -> new BadInput("no corpus given and the working directory is not inside this project:"
                + " pass a file or folder"));
        Path outputPath = options.outputPath();
        // the default output, under samples/target/, is the tool's own scratch file: a repeated default run replaces it
        boolean replace = options.overwrite || options.output == null && !options.resume;
        if (Files.exists(outputPath) && !replace && !options.resume) {
            throw new BadInput("output " + outputPath.toAbsolutePath().normalize() + " already exists: pass"
                + " --overwrite to replace it, or --resume to continue it");
        }
        RunStats stats = new RunStats(System::nanoTime);
        BiConsumer<String, SkipReason> skipped = (source, reason) -> {
            stats.skipped(reason);
            LOGGER.atWarning().addKeyValue("file", source).addKeyValue("reason", reason.description())
                .log("Skipped");
        };
        List<CorpusFile> files = listCorpus(corpusPath, skipped);
        stats.corpusListed(files.size(), files.stream().mapToLong(CorpusFile::size).sum());
        ResumeState previous = resumeState(outputPath);
        try (ChunkSource chunks = new ChunkSource(files, new Chunker(options.chunkTokens), stats, skipped)) {
            if (!chunks.hasNext()) {
                throw new BadInput("corpus is empty: no text in " + corpusPath
                    + (Files.isDirectory(corpusPath) ? " (files read: *." + String.join(", *.",
                    new TreeSet<>(options.extensions)) + ")" : "")
                    + (stats.snapshot().skippedTotal() > 0 ? "; skipped: " + SummaryTable.skips(stats.snapshot())
                    : ""));
            }
            try (Target target = options.target(env, providedSimulator, transport);
                 SharedGate gate = SharedGate.open(options.redisUri())) {
                out.println("Target: " + target.description());
                if (target.isRemote()) {
                    Failures.unreachable(target.httpClient(), target.endpoint(), Duration.ofSeconds(10))
                        .ifPresent(message -> {
                            throw new BadInput(message);
                        });
                }
                out.printf(Locale.ROOT, "Corpus: %s (%d files, %s; chunks of at most %d tokens, batches of at most %d"
                        + " chunks and %d tokens, concurrency %d)%n", corpusPath.toAbsolutePath().normalize(),
                    files.size(), ProgressReporter.bytes(stats.snapshot().bytesTotal()), options.chunkTokens,
                    options.batchSize, options.batchTokens, options.concurrency);
                out.println("Output: " + outputPath.toAbsolutePath().normalize() + " (failed chunks: "
                    + FailureLog.pathFor(outputPath) + ")");
                String logFile = System.getProperty(RunLog.PATH_PROPERTY);
                if (logFile != null && "System.err".equals(System.getProperty(LOG_FILE_PROPERTY))) {
                    out.println("Log:    " + logFile + " (appended; one line per HTTP attempt)");
                }
                if (options.resume) {
                    out.printf(Locale.ROOT, "Resume: %d chunks in the output already%s; the others are sent and"
                        + " appended%n", previous.lines(), previous.tornBytes() > 0 ? " (a torn last line of "
                        + previous.tornBytes() + " bytes was cut off)" : "");
                }
                Iterator<Batch> batches = new Batcher(options.batchSize, options.batchTokens)
                    .batches(previous.remaining(chunks, stats));
                out.println("Gate:   " + gate.description());
                if (options.client == ClientKind.OPENAI_JAVA) {
                    out.println("Client: openai-java OpenAIClientAsync at " + target.openAIJavaBaseUrl()
                        + " (model " + target.deployment() + "), OpenAIJavaPolicies.wrap");
                }
                return embed(target, gate.gate(), stats, batches, outputPath, replace);
            }
        }
    }

    /**
     * With {@code --resume}: what the output holds (a torn last line cut off), and the previous list of failed chunks
     * removed, since every chunk not in the output is sent again.
     */
    private ResumeState resumeState(Path outputPath) {
        if (!options.resume) {
            return ResumeState.empty();
        }
        try {
            ResumeState state = ResumeState.load(outputPath);
            Files.deleteIfExists(FailureLog.pathFor(outputPath));
            return state;
        } catch (IOException e) {
            throw new BadInput("cannot resume from " + outputPath + ": " + e.getMessage());
        }
    }

    private List<CorpusFile> listCorpus(Path corpusPath, BiConsumer<String, SkipReason> skipped) {
        boolean insideProject = CorpusReader.findProjectRoot(corpusPath).isPresent();
        try {
            return new CorpusWalker(options.extensions, options.excludes, insideProject, options.followLinks, skipped)
                .list(corpusPath);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        } catch (IOException e) {
            throw new BadInput("cannot list " + corpusPath + ": " + e.getMessage());
        }
    }

    private int embed(Target target, ThrottleGate gate, RunStats stats, Iterator<Batch> batches, Path outputPath,
        boolean replace) {
        OpenAIClientAsync openAIJava = options.client == ClientKind.OPENAI_JAVA
            ? OpenAIJavaClientFactory.build(target, stats, options.maxRetries, gate) : null;
        try {
            EmbeddingsBackend backend = openAIJava != null
                ? new OpenAIJavaEmbeddings(openAIJava, target.deployment())
                : new AzureEmbeddings(EmbeddingsClientFactory.build(target, stats, options.maxRetries, gate),
                    target.deployment());
            return embed(target, backend, stats, batches, outputPath, replace);
        } finally {
            if (openAIJava != null) {
                openAIJava.close();
            }
        }
    }

    private int embed(Target target, EmbeddingsBackend client, RunStats stats, Iterator<Batch> batches,
        Path outputPath, boolean replace) {
        EmbeddingWriter.Mode mode = options.resume ? EmbeddingWriter.Mode.APPEND
            : replace ? EmbeddingWriter.Mode.OVERWRITE : EmbeddingWriter.Mode.CREATE_NEW;
        CountDownLatch summaryPrinted = new CountDownLatch(1);
        try (EmbeddingWriter writer = EmbeddingWriter.open(outputPath, mode);
             FailureLog failures = new FailureLog(outputPath, false)) {
            ProgressReporter progress = ProgressReporter.choose(out, stats, options.progressInterval);
            EmbeddingJob job = new EmbeddingJob(client, target, options.dimensions, options.concurrency, writer,
                failures, stats, progress);
            // Ctrl-C: cancel the calls in flight, then let this thread print the summary before the JVM exits
            Thread hook = new Thread(() -> cancelAndAwaitSummary(job, summaryPrinted), "bulk-embed-shutdown");
            shutdownHooks.add(hook);
            try {
                EmbeddingJob.Outcome outcome;
                try {
                    outcome = job.run(batches);
                } finally {
                    stats.finish();
                    progress.update(stats.snapshot()); // the last batch may end after the run's completion signal
                    progress.close();
                    writer.close();
                    failures.close();
                }
                return report(outcome, stats.snapshot(), target, writer, failures);
            } finally {
                summaryPrinted.countDown();
                shutdownHooks.remove(hook);
            }
        }
    }

    private int report(EmbeddingJob.Outcome outcome, RunStats.Snapshot stats, Target target,
                       EmbeddingWriter writer, FailureLog failures) {
        boolean complete = stats.chunksEmbedded() == stats.chunksTotal();
        String ending = switch (outcome.kind()) {
            case COMPLETED -> complete ? "completed" : "completed with failures";
            case STOPPED -> "stopped";
            case CANCELLED -> "interrupted";
            case OUTPUT_FAILED -> "stopped: cannot write output";
            case FAILED -> "stopped by an unexpected error";
        };
        out.print(SummaryTable.render(ending, stats, target.quota(), writer.path(), writer.lines(),
            failures.lines() > 0 ? Optional.of(failures.path()) : Optional.empty()));
        out.flush();
        String message = outcome.message().orElse("unknown");
        switch (outcome.kind()) {
            case STOPPED:
                err.println(NAME + ": " + message);
                return EXIT_BAD_INPUT;
            case CANCELLED:
                err.println(NAME + ": interrupted; " + writer.lines() + " lines written are complete");
                return EXIT_INTERRUPTED;
            case OUTPUT_FAILED:
                err.println(NAME + ": " + message + "; stopped, calls in flight cancelled");
                return EXIT_OUTPUT_FAILED;
            case FAILED:
                err.println(NAME + ": unexpected error: " + message);
                return EXIT_UNEXPECTED;
            default:
                if (complete) {
                    return EXIT_OK;
                }
                err.println(NAME + ": " + stats.chunksFailed() + " chunks failed (listed in " + failures.path()
                    + "); last error: " + message);
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
}
