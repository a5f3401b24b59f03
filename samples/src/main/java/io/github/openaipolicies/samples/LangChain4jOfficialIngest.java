// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ClientOptions;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialEmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.github.openaipolicies.openai.OpenAIJavaPolicies;
import io.github.openaipolicies.samples.bulkembed.AttemptCountingTransport;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.samples.bulkembed.Failures;
import io.github.openaipolicies.samples.bulkembed.RunStats;
import io.github.openaipolicies.samples.bulkembed.SummaryTable;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LangChain4jIngest} on LangChain4j's openai-java based module ({@code langchain4j-open-ai-official}):
 * {@code EmbeddingStoreIngestor} with {@code OpenAiOfficialEmbeddingModel.builder().openAIClient(client)}, where the
 * client is the one you build anyway passed through {@link OpenAIJavaPolicies#install}: the one line a LangChain4j
 * user adds. The client calls Azure's {@code /openai/v1} URL with the deployment as the {@code model}.
 *
 * <p>Same corpus, target and environment variables as {@link LangChain4jIngest}. Against the embedded simulator
 * (self-signed HTTPS), the client is built on a transport that trusts it, protected with
 * {@link OpenAIJavaPolicies#wrap}, and every HTTP attempt is counted for the summary; against a real endpoint it is
 * {@code install} on openai-java's default transport, and the attempts are in the log (one line each).</p>
 */
public final class LangChain4jOfficialIngest {
    /** Segment size in characters (this module has no token estimator; about 250 tokens of English). */
    public static final int SEGMENT_CHARS = 1000;
    /** Overlap between neighbouring segments, in characters. */
    public static final int OVERLAP_CHARS = 100;
    /** Segments per embeddings call. */
    public static final int SEGMENTS_PER_CALL = 16;

    private static final String NAME = "LangChain4jOfficialIngest";

    private LangChain4jOfficialIngest() {
    }

    /**
     * Runs the sample and exits with its status: 0 when every segment was stored, 1 when the ingestion failed, 2 for
     * bad input (a missing folder, an unreachable endpoint).
     *
     * @param args optional: the folder to ingest
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Runs the sample without exiting.
     *
     * @param args optional: the folder to ingest
     * @param out where the summary goes
     * @param err where errors go
     * @param env the environment variables to read
     * @return the exit status: 0 every segment stored, 1 the ingestion failed, 2 bad input
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        String deployment = Optional.ofNullable(env.get(Target.DEPLOYMENT_VARIABLE)).filter(d -> !d.isBlank())
            .map(String::strip).orElse(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
        String endpoint = env.get(Target.ENDPOINT_VARIABLE);
        try (Target target = endpoint != null && !endpoint.isBlank() ? Target.azure(env, deployment)
            : Target.embeddedSimulator(deployment, LangChain4jIngest.SIMULATOR_QUOTA,
                AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS)) {
            return run(args, out, err, target);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err, Target target) {
        Optional<Path> folder = args.length > 0 ? Optional.of(Path.of(args[0]))
            : CorpusReader.findProjectRoot(Path.of(""));
        if (folder.isEmpty()) {
            err.println(NAME + ": no folder given and the working directory is not inside this project");
            return 2;
        }
        List<Document> documents;
        try {
            documents = LangChain4jIngest.load(folder.get());
        } catch (IOException | IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        out.println("Target: " + target.description());
        Optional<String> unreachable = target.isRemote() ? Failures.unreachable(target.httpClient(),
            target.endpoint(), Duration.ofSeconds(10)) : Optional.empty();
        if (unreachable.isPresent()) {
            err.println(NAME + ": " + unreachable.get());
            return 2;
        }
        RunStats stats = new RunStats(System::nanoTime);
        OpenAIClient client = target.isRemote() ? installed(target) : countedOverSimulator(target, stats);
        try {
            return ingest(documents, folder.get(), client, target, stats, out, err);
        } finally {
            client.close(); // closes its transport
        }
    }

    /** The copyable part: the client you build anyway, protected with one line. */
    static OpenAIClient installed(Target target) {
        return OpenAIJavaPolicies.install(OpenAIOkHttpClient.builder()
            .baseUrl(target.openAIJavaBaseUrl())                 // https://{resource}.openai.azure.com/openai/v1
            .credential(target.openAIJavaCredential())           // AzureApiKeyCredential, or a bearer token supplier
            .build());
    }

    /** Over the simulator: its transport, every attempt counted under the policies. */
    private static OpenAIClient countedOverSimulator(Target target, RunStats stats) {
        return new OpenAIClientImpl(ClientOptions.builder()
            .httpClient(OpenAIJavaPolicies.wrap(new AttemptCountingTransport(target.openAIJavaTransport(), stats)))
            .baseUrl(target.openAIJavaBaseUrl())
            .credential(target.openAIJavaCredential())
            .build());
    }

    private static int ingest(List<Document> documents, Path folder, OpenAIClient client, Target target,
                              RunStats stats, PrintStream out, PrintStream err) {
        DocumentSplitter splitter = DocumentSplitters.recursive(SEGMENT_CHARS, OVERLAP_CHARS);
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        EmbeddingStoreIngestor ingestor = EmbeddingStoreIngestor.builder()
            .documentSplitter(splitter)
            .embeddingModel(OpenAiOfficialEmbeddingModel.builder()
                .openAIClient(client)
                .modelName(target.deployment())                   // on /openai/v1, the deployment's name
                .maxSegmentsPerBatch(SEGMENTS_PER_CALL)
                .build())
            .embeddingStore(store)
            .build();

        int segments = splitter.splitAll(documents).size();
        out.printf(Locale.ROOT, "Corpus: %s (%d documents, %d segments of at most %d characters, overlap %d)%n",
            folder.toAbsolutePath().normalize(), documents.size(), segments, SEGMENT_CHARS, OVERLAP_CHARS);
        int status = 0;
        try {
            ingestor.ingest(documents);
        } catch (RuntimeException e) {
            err.println(NAME + ": ingestion failed: " + e.getMessage());
            status = 1;
        }
        stats.finish();
        RunStats.Snapshot counts = stats.snapshot();
        String attempts = target.isRemote() ? "HTTP attempts in the log (one line each)" : String.format(Locale.ROOT,
            "%d embeddings calls, %d HTTP attempts, %d got 429, %d retries, %d got 401",
            counts.attempts() - counts.retries(), counts.attempts(), counts.throttled(), counts.retries(),
            counts.unauthorized());
        out.printf(Locale.ROOT, "%s: %d of %d segments embedded and stored in %s; %s%n", NAME, store.size(), segments,
            SummaryTable.seconds(counts.elapsed()), attempts);
        return status == 0 && store.size() == segments ? 0 : 1;
    }
}
