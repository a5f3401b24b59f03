// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.ai.openai.OpenAIAsyncClient;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.samples.bulkembed.Batch;
import io.github.openaipolicies.samples.bulkembed.Batcher;
import io.github.openaipolicies.samples.bulkembed.Chunk;
import io.github.openaipolicies.samples.bulkembed.Chunker;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.samples.bulkembed.EmbeddingJob;
import io.github.openaipolicies.samples.bulkembed.EmbeddingWriter;
import io.github.openaipolicies.samples.bulkembed.EmbeddingsClientFactory;
import io.github.openaipolicies.samples.bulkembed.Failures;
import io.github.openaipolicies.samples.bulkembed.ProgressReporter;
import io.github.openaipolicies.samples.bulkembed.RunStats;
import io.github.openaipolicies.samples.bulkembed.SourceDocument;
import io.github.openaipolicies.samples.bulkembed.SummaryTable;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
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

    @Mixin
    private BulkEmbedOptions options;

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
        Path log = BulkEmbedOptions.defaultOutput().resolveSibling("bulk-embed.log").toAbsolutePath().normalize();
        try {
            Files.createDirectories(log.getParent());
            System.setProperty(LOG_FILE_PROPERTY, log.toString());
        } catch (IOException e) {
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
        options.validate();
        Path corpusPath = options.corpus != null ? options.corpus : CorpusReader.findProjectRoot(Path.of(""))
            .orElseThrow(() -> new BadInput("no corpus given and the working directory is not inside this project:"
                + " pass a file or folder"));
        List<SourceDocument> documents;
        try {
            documents = new CorpusReader(options.extensions).read(corpusPath);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        List<Chunk> chunks = new Chunker(options.chunkTokens).chunkAll(documents);
        if (chunks.isEmpty()) {
            throw new BadInput("corpus is empty: no text in " + corpusPath
                + (Files.isDirectory(corpusPath) ? " (files read: *." + String.join(", *.",
                new TreeSet<>(options.extensions)) + ")" : ""));
        }
        List<Batch> batches = new Batcher(options.batchSize, options.batchTokens).batch(chunks);
        Path outputPath = options.output != null ? options.output : BulkEmbedOptions.defaultOutput();

        try (Target target = options.target(env, providedSimulator)) {
            out.println("Target: " + target.description());
            if (target.isRemote()) {
                Failures.unreachable(target.endpoint(), Duration.ofSeconds(10)).ifPresent(message -> {
                    throw new BadInput(message);
                });
            }
            out.printf(Locale.ROOT, "Corpus: %s (%d files, %d chunks, ~%,d tokens, %d batches, concurrency %d)%n",
                corpusPath.toAbsolutePath().normalize(), documents.size(), chunks.size(),
                chunks.stream().mapToLong(Chunk::tokens).sum(), batches.size(), options.concurrency);
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
        OpenAIAsyncClient client = EmbeddingsClientFactory.build(target, stats, options.maxRetries);

        CountDownLatch summaryPrinted = new CountDownLatch(1);
        try (EmbeddingWriter writer = EmbeddingWriter.open(outputPath)) {
            ProgressReporter progress = ProgressReporter.choose(out, stats, options.progressInterval);
            EmbeddingJob job = new EmbeddingJob(client, target, options.dimensions, options.concurrency, writer,
                stats, progress);
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
                }
                return report(outcome, stats.snapshot(), target, writer);
            } finally {
                summaryPrinted.countDown();
                shutdownHooks.remove(hook);
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
}
