// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.core.http.HttpClient;
import io.github.openaipolicies.samples.bulkembed.ClientKind;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.samples.bulkembed.DurationConverter;
import io.github.openaipolicies.samples.bulkembed.Quota;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.lettuce.core.RedisURI;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * BulkEmbed's command-line options (a picocli mixin), their checks, and the choices that follow from them.
 */
final class BulkEmbedOptions {
    /** Azure OpenAI's most inputs in one embeddings request. */
    static final int MAX_INPUTS_PER_REQUEST = 2048;
    /** Azure OpenAI's most tokens in one input of the embeddings models. */
    static final int MAX_TOKENS_PER_INPUT = 8191;
    /** The most {@code --chunk-tokens}: the per-input limit less a safety margin of about 2%. */
    static final int MAX_CHUNK_TOKENS = 8000;

    private static final String DEFAULT_DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;
    private static final int SIMULATOR_DIMENSIONS = AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CORPUS",
        description = "A file or folder to embed. Default: this project's own Markdown and Java sources (the folder"
            + " holding the parent pom.xml, found by walking up from the working directory).")
    Path corpus;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Where to write the JSON lines. Default: samples/target/bulk-embed/embeddings.jsonl under the"
            + " project root (replaced by each default run), or embeddings.jsonl in the working directory outside it."
            + " Chunks that fail for good are listed in failed.jsonl beside it.")
    Path output;

    @Option(names = "--overwrite",
        description = "Replace an existing --output file (it is truncated at the first vector written, not before);"
            + " without it, an existing file is refused.")
    boolean overwrite;

    @Option(names = "--resume",
        description = "Continue an existing output: chunks already in it (same source and text) are not sent again,"
            + " a torn last line left by a killed run is rewritten, the chunks in failed.jsonl are retried, and new"
            + " lines are appended.")
    boolean resume;

    @Option(names = "--log", paramLabel = "FILE",
        description = "Where the log goes, appended to with a header per run (default: bulk-embed.log beside the"
            + " output).")
    Path log;

    @Option(names = "--exclude", split = ",", paramLabel = "GLOB",
        description = "Leave out files and folders matching a glob, matched against the path relative to the corpus"
            + " and against the name, e.g. --exclude 'generated,**/*.min.md'. Repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--follow-links",
        description = "Follow symbolic links (a link back to a folder above is skipped as a loop). Without it, links"
            + " are skipped and counted.")
    boolean followLinks;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N",
        description = "Embeddings calls in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
        description = "Most inputs in one call, at most " + MAX_INPUTS_PER_REQUEST + " (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-tokens", defaultValue = "2048", paramLabel = "N",
        description = "Most estimated tokens in one call (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Option(names = "--chunk-tokens", defaultValue = "256", paramLabel = "N",
        description = "Most tokens in one chunk (counted with cl100k_base, the text-embedding-3 tokenizer), at most "
            + MAX_CHUNK_TOKENS + "; paragraphs are packed up to it, longer ones split (default: ${DEFAULT-VALUE}).")
    int chunkTokens;

    @Option(names = "--extensions", defaultValue = "md,java", split = ",", paramLabel = "EXT",
        description = "File extensions read from a corpus folder (default: ${DEFAULT-VALUE}).")
    Set<String> extensions;

    @Option(names = "--deployment", paramLabel = "NAME",
        description = "Embeddings deployment. Default: $" + Target.DEPLOYMENT_VARIABLE + ", else "
            + DEFAULT_DEPLOYMENT + ".")
    String deployment;

    @Option(names = "--dimensions", paramLabel = "N",
        description = "Vector length to ask for (text-embedding-3 models). Default: the model's own; the embedded"
            + " simulator's is " + SIMULATOR_DIMENSIONS + ".")
    Integer dimensions;

    @Option(names = "--redis", paramLabel = "URL",
        description = "Share the deployment's quota with other BulkEmbed processes (or any worker using"
            + " RedisThrottleGate) through the Redis at URL, e.g. redis://localhost:6379. Without it, the gate is"
            + " this process's own.")
    String redis;

    @Option(names = "--client", defaultValue = "azure-ai-openai", paramLabel = "SDK",
        converter = ClientKind.Converter.class,
        description = "The SDK to send with: azure-ai-openai (OpenAIAsyncClient with OpenAIPipelines.install) or"
            + " openai-java (OpenAIClientAsync on /openai/v1 with OpenAIJavaPolicies.wrap; the deployment is the"
            + " request's model). Default: ${DEFAULT-VALUE}.")
    ClientKind client;

    @Option(names = "--max-retries", defaultValue = "20", paramLabel = "N",
        description = "Retries per call after the first try, for 429s and transient errors (default:"
            + " ${DEFAULT-VALUE}).")
    int maxRetries;

    // The --sim-* defaults are tuned so that a default run over this project's own sources (1.0-1.3 MB, 120-150
    // batches and 250k-330k tokens as the simulator counts them when tuned) is throttled hard and takes 25-35 s on
    // 2 cores: the window admits a full window at once and then one window's worth every 10 s, so the tokens take
    // 2.3 to 3 windows of 110k and the batches 2 to 2.5 windows of 60.
    @Option(names = "--sim-rpm", defaultValue = "60", paramLabel = "N",
        description = "Embedded simulator: requests accepted per quota window, 0 = unlimited (default:"
            + " ${DEFAULT-VALUE}).")
    int simRequests;

    @Option(names = "--sim-tpm", defaultValue = "110000", paramLabel = "N",
        description = "Embedded simulator: estimated tokens accepted per quota window, 0 = unlimited (default:"
            + " ${DEFAULT-VALUE}).")
    int simTokens;

    @Option(names = "--sim-window", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Embedded simulator: length of the quota window, e.g. 500ms, 10s, 1m (default:"
            + " ${DEFAULT-VALUE}).")
    Duration simWindow;

    @Option(names = "--progress-interval", defaultValue = "5s", paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "How often to print a progress line when the output is not a terminal (default:"
            + " ${DEFAULT-VALUE}).")
    Duration progressInterval;

    /**
     * Checks the values picocli cannot check.
     *
     * @throws BadInput naming the first bad option
     */
    void validate() {
        positive("--concurrency", concurrency);
        positive("--batch-size", batchSize);
        positive("--batch-tokens", batchTokens);
        positive("--chunk-tokens", chunkTokens);
        if (overwrite && resume) {
            throw new BadInput("--overwrite and --resume exclude each other: replace the output, or continue it");
        }
        if (batchSize > MAX_INPUTS_PER_REQUEST) {
            throw new BadInput("--batch-size " + batchSize + " is above Azure OpenAI's limit of "
                + MAX_INPUTS_PER_REQUEST + " inputs per request");
        }
        if (chunkTokens > MAX_CHUNK_TOKENS) {
            throw new BadInput("--chunk-tokens " + chunkTokens + " is above " + MAX_CHUNK_TOKENS + ", the limit of "
                + MAX_TOKENS_PER_INPUT + " tokens per input less a safety margin");
        }
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
        redisUri();
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

    /**
     * Chooses where to send the calls: a simulator the caller provides, else {@code AZURE_OPENAI_ENDPOINT} when set,
     * else an embedded simulator with the {@code --sim-*} quota.
     *
     * @param env the environment variables
     * @param providedSimulator a simulator the caller owns, or null
     * @param transport wraps the provided simulator's HTTP client (tests)
     * @return the target, to close after the run
     */
    Target target(Map<String, String> env, AzureOpenAISimulator providedSimulator,
                  UnaryOperator<HttpClient> transport) {
        if (providedSimulator != null) {
            return Target.simulator(providedSimulator, deploymentName(env), transport);
        }
        String endpoint = env.get(Target.ENDPOINT_VARIABLE);
        if (endpoint != null && !endpoint.isBlank()) {
            return Target.azure(env, deploymentName(env));
        }
        return Target.embeddedSimulator(deploymentName(env), new Quota(simRequests, simTokens, simWindow),
            dimensions != null ? dimensions : SIMULATOR_DIMENSIONS);
    }

    private String deploymentName(Map<String, String> env) {
        if (deployment != null && !deployment.isBlank()) {
            return deployment;
        }
        String fromEnv = env.get(Target.DEPLOYMENT_VARIABLE);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : DEFAULT_DEPLOYMENT;
    }

    /**
     * The Redis to share the quota through.
     *
     * @return {@code --redis} parsed, or null without it
     * @throws BadInput when it is not a Redis URL
     */
    RedisURI redisUri() {
        if (redis == null) {
            return null;
        }
        try {
            return RedisURI.create(redis);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--redis " + redis + " is not a Redis URL such as redis://localhost:6379");
        }
    }

    /**
     * The output file when {@code --output} is not given.
     *
     * @return {@code samples/target/bulk-embed/embeddings.jsonl} under the project root, else
     *     {@code embeddings.jsonl} in the working directory
     */
    static Path defaultOutput() {
        return CorpusReader.findProjectRoot(Path.of(""))
            .map(root -> root.resolve("samples").resolve(Path.of("target", "bulk-embed", "embeddings.jsonl")))
            .orElse(Path.of("embeddings.jsonl"));
    }

    /**
     * The output file: {@code --output}, else {@link #defaultOutput()}.
     *
     * @return the path
     */
    Path outputPath() {
        return output != null ? output : defaultOutput();
    }
}
