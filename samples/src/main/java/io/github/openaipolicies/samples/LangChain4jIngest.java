// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import dev.langchain4j.data.document.BlankDocumentException;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.loader.FileSystemDocumentLoader;
import dev.langchain4j.data.document.parser.TextDocumentParser;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.azure.AzureOpenAiEmbeddingModel;
import dev.langchain4j.model.azure.AzureOpenAiEmbeddingModelName;
import dev.langchain4j.model.azure.AzureOpenAiTokenCountEstimator;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.samples.bulkembed.AttemptCountingPolicy;
import io.github.openaipolicies.samples.bulkembed.CorpusFile;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.samples.bulkembed.CorpusWalker;
import io.github.openaipolicies.samples.bulkembed.Failures;
import io.github.openaipolicies.samples.bulkembed.Quota;
import io.github.openaipolicies.samples.bulkembed.RunStats;
import io.github.openaipolicies.samples.bulkembed.SummaryTable;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * LangChain4j's own ingestion ({@code EmbeddingStoreIngestor}: {@code DocumentSplitters.recursive}, then
 * {@code AzureOpenAiEmbeddingModel}, then an {@code InMemoryEmbeddingStore}) over an {@code OpenAIClient} built the
 * standard way and passed through {@link OpenAIPipelines#install}: the one line a LangChain4j user adds.
 *
 * <p>It ingests the folder given as the first argument ({@code *.md} and {@code *.java} files), by default this
 * project's sources, as BulkEmbed does. It runs against an embedded simulator whose quota throttles the run, or
 * against a real deployment named by the environment variables BulkEmbed reads ({@value Target#ENDPOINT_VARIABLE},
 * {@value Target#API_KEY_VARIABLE}, {@value Target#DEPLOYMENT_VARIABLE}). It prints the segments embedded and
 * stored, the HTTP attempts, the 429s and the retries, counted by a per-retry policy in the client's pipeline.</p>
 */
public final class LangChain4jIngest {
    /** Segment size, in {@code cl100k_base} tokens, as BulkEmbed's default chunk. */
    public static final int SEGMENT_TOKENS = 256;
    /** Overlap between neighbouring segments, in tokens. */
    public static final int OVERLAP_TOKENS = 32;
    /** The embedded simulator's quota: BulkEmbed's default, so the run is throttled for a while. */
    public static final Quota SIMULATOR_QUOTA = new Quota(60, 110_000, Duration.ofSeconds(10));

    private static final String NAME = "LangChain4jIngest";
    private static final Set<String> EXTENSIONS = Set.of("md", "java");

    private LangChain4jIngest() {
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
            : Target.embeddedSimulator(deployment, SIMULATOR_QUOTA,
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
            documents = load(folder.get());
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
        return ingest(documents, folder.get(), target, out, err);
    }

    private static int ingest(List<Document> documents, Path folder, Target target, PrintStream out,
                              PrintStream err) {
        RunStats stats = new RunStats(System::nanoTime);
        OpenAIClient client = OpenAIPipelines.install(target.connect(new OpenAIClientBuilder())
                .addPolicy(new AttemptCountingPolicy(stats)))    // counts every attempt and its status, for the summary
            .buildClient();

        DocumentSplitter splitter = DocumentSplitters.recursive(SEGMENT_TOKENS, OVERLAP_TOKENS,
            new AzureOpenAiTokenCountEstimator(AzureOpenAiEmbeddingModelName.TEXT_EMBEDDING_3_SMALL));
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        EmbeddingStoreIngestor ingestor = EmbeddingStoreIngestor.builder()
            .documentSplitter(splitter)
            .embeddingModel(AzureOpenAiEmbeddingModel.builder()
                .openAIClient(client)
                .deploymentName(target.deployment())
                .build())
            .embeddingStore(store)
            .build();

        int segments = splitter.splitAll(documents).size();
        out.printf(Locale.ROOT, "Corpus: %s (%d documents, %d segments of at most %d tokens, overlap %d)%n",
            folder.toAbsolutePath().normalize(), documents.size(), segments, SEGMENT_TOKENS, OVERLAP_TOKENS);
        int status = 0;
        try {
            ingestor.ingest(documents);
        } catch (RuntimeException e) {
            err.println(NAME + ": ingestion failed: " + e.getMessage());
            status = 1;
        }
        stats.finish();
        RunStats.Snapshot counts = stats.snapshot();
        out.printf(Locale.ROOT, "%s: %d of %d segments embedded and stored in %s; %d embeddings calls, %d HTTP"
                + " attempts, %d got 429, %d retries, %d got 401%n", NAME, store.size(), segments,
            SummaryTable.seconds(counts.elapsed()), counts.attempts() - counts.retries(), counts.attempts(),
            counts.throttled(), counts.retries(), counts.unauthorized());
        return status == 0 && store.size() == segments ? 0 : 1;
    }

    /**
     * Loads the folder's {@code *.md} and {@code *.java} files with LangChain4j's loader, listed as BulkEmbed lists
     * its corpus (inside this project: without {@code target/} and dot-folders); blank files are left out.
     */
    static List<Document> load(Path folder) throws IOException {
        boolean insideProject = CorpusReader.findProjectRoot(folder).isPresent();
        List<Document> documents = new ArrayList<>();
        for (CorpusFile file : new CorpusWalker(EXTENSIONS, List.of(), insideProject, false, (source, reason) -> {
        }).list(folder)) {
            try {
                documents.add(FileSystemDocumentLoader.loadDocument(file.path(), new TextDocumentParser()));
            } catch (BlankDocumentException e) {
                // nothing to embed
            }
        }
        return documents;
    }
}
