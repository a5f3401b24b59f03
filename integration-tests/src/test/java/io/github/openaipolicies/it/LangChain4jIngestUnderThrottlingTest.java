// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpClientProvider;
import com.azure.core.util.HttpClientOptions;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.azure.AzureOpenAiEmbeddingModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.it.support.DelayRecordingHttpClient;
import io.github.openaipolicies.it.support.JournalAssertions;
import io.github.openaipolicies.it.support.RetryTiming;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LangChain4j's {@code EmbeddingStoreIngestor} (its recursive splitter, {@code AzureOpenAiEmbeddingModel}, an
 * {@code InMemoryEmbeddingStore}) ingests 300 segments, 10 documents at a time, into a deployment that allows 5
 * requests per one-second window and answers the first two requests with 429: once over an {@code OpenAIClient}
 * passed through {@code OpenAIPipelines.install} (the one line a LangChain4j user adds), once over the client
 * LangChain4j builds itself with its default retry, the baseline. The installed client must store every segment with
 * no 401, one credential per attempt and no retry before the server allowed it; the baseline's losses and 429 share
 * are printed, not asserted (they vary from run to run).
 */
class LangChain4jIngestUnderThrottlingTest {
    private static final int DOCUMENTS = 30;
    private static final int PARAGRAPHS = 10;
    private static final int SEGMENTS = DOCUMENTS * PARAGRAPHS;
    /** Segment size in characters: one paragraph fits, two do not. */
    private static final int SEGMENT_CHARS = 200;
    private static final int WORKERS = 10;
    private static final int REQUESTS_PER_WINDOW = 5;
    private static final String INSTALLED = "lc4j-installed";
    private static final String OWN_CLIENT = "lc4j-own-client";
    private static final Duration INJECTED_RETRY_AFTER = Duration.ofMillis(500);

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(INSTALLED, REQUESTS_PER_WINDOW, 0)
            .deployment(OWN_CLIENT, REQUESTS_PER_WINDOW, 0)
            .window(Duration.ofSeconds(1)));

    @Test
    void theInstalledClientStoresEverySegmentAndLangChain4jsOwnClientIsTheBaseline() throws Exception {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        List<Document> documents = documents();
        DocumentSplitter splitter = DocumentSplitters.recursive(SEGMENT_CHARS, 0);
        List<String> segments = splitter.splitAll(documents).stream().map(TextSegment::text).toList();
        assertThat(segments).as("segments of the workload").hasSize(SEGMENTS).doesNotHaveDuplicates();
        // Two 429s each besides the quota's, so that retries after a 429 are there to check, however well the
        // throttle gate paces the installed client.
        simulator.injectFault(INSTALLED, Fault.tooManyRequests(INJECTED_RETRY_AFTER), 2);
        simulator.injectFault(OWN_CLIENT, Fault.tooManyRequests(INJECTED_RETRY_AFTER), 2);

        DelayRecordingHttpClient installedTransport = new DelayRecordingHttpClient(simulator.httpClient());
        OpenAIClient client = OpenAIPipelines.install(new OpenAIClientBuilder()
                .endpoint(simulator.endpoint())
                .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
                .httpClient(installedTransport))
            .buildClient();
        Run installed = ingest(AzureOpenAiEmbeddingModel.builder()
            .openAIClient(client)
            .deploymentName(INSTALLED)
            .build(), documents, splitter, INSTALLED, installedTransport);

        DelayRecordingHttpClient ownTransport = new DelayRecordingHttpClient(simulator.httpClient());
        Run ownClient = ingest(AzureOpenAiEmbeddingModel.builder()
            .endpoint(simulator.endpoint())
            .apiKey(AzureOpenAISimulator.DEFAULT_API_KEY)
            .deploymentName(OWN_CLIENT)
            .httpClientProvider(provider(ownTransport))     // only to trust the simulator's certificate
            .build(), documents, splitter, OWN_CLIENT, ownTransport);

        System.out.println(installed.describe("OpenAIPipelines.install"));
        System.out.println(ownClient.describe("LangChain4j's own client (default retry)"));

        assertThat(installed.failures()).as("documents whose ingestion failed, by exception").isEmpty();
        assertThat(installed.stored()).as("segments in the store").containsExactlyInAnyOrderElementsOf(segments);
        List<JournalEntry> entries = simulator.journal().entries(INSTALLED);
        assertThat(entries).extracting(JournalEntry::status).as("statuses the simulator answered")
            .doesNotContain(401).containsOnly(200, 429);
        JournalAssertions.assertOneCredentialPerAttempt(entries, JournalEntry.API_KEY);
        assertThat(installed.timing().early()).as("retries that came before the server allowed them").isEmpty();
        assertThat(installed.timing().retriesChecked()).as("retries after a 429, compared with its delay")
            .isPositive();
    }

    /** 30 documents of 10 paragraphs of 120 to 180 characters, each paragraph different. */
    private static List<Document> documents() {
        String[] words = {"quota", "window", "throttle", "segment", "embedding", "retry", "deployment", "token"};
        List<Document> documents = new ArrayList<>();
        for (int d = 0; d < DOCUMENTS; d++) {
            StringBuilder text = new StringBuilder();
            for (int p = 0; p < PARAGRAPHS; p++) {
                StringBuilder paragraph = new StringBuilder(String.format(Locale.ROOT,
                    "Document %02d, paragraph %02d:", d, p));
                int length = 120 + (d * PARAGRAPHS + p) % 61;
                for (int w = d + p; paragraph.length() < length; w++) {
                    paragraph.append(' ').append(words[w % words.length]);
                }
                text.append(p == 0 ? "" : "\n\n").append(paragraph);
            }
            documents.add(Document.from(text.toString()));
        }
        return documents;
    }

    private static HttpClientProvider provider(HttpClient httpClient) {
        return new HttpClientProvider() {
            @Override
            public HttpClient createInstance() {
                return httpClient;
            }

            @Override
            public HttpClient createInstance(HttpClientOptions options) {
                return httpClient;
            }
        };
    }

    /** Ingests each document on its own, {@value #WORKERS} at a time, and notes what failed and what was stored. */
    private static Run ingest(EmbeddingModel model, List<Document> documents, DocumentSplitter splitter,
                              String deployment, DelayRecordingHttpClient transport) throws Exception {
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        EmbeddingStoreIngestor ingestor = EmbeddingStoreIngestor.builder()
            .documentSplitter(splitter)
            .embeddingModel(model)
            .embeddingStore(store)
            .build();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Document document : documents) {
                done.add(workers.submit(() -> {
                    try {
                        ingestor.ingest(document);
                    } catch (RuntimeException e) {
                        failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
                            .incrementAndGet();
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        List<JournalEntry> entries = SIMULATOR.simulator().journal().entries(deployment);
        return new Run(stored(store), new TreeMap<>(failures), entries.size(),
            entries.stream().filter(entry -> entry.status() == 429).count(), RetryTiming.check(entries, transport));
    }

    /** Every segment in the store: a search with a relevance floor of 0 matches all of them. */
    private static List<String> stored(InMemoryEmbeddingStore<TextSegment> store) {
        float[] query = new float[AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS];
        query[0] = 1;
        return store.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(query))
                .maxResults(2 * SEGMENTS)
                .minScore(0.0)
                .build())
            .matches().stream().map(EmbeddingMatch::embedded).map(TextSegment::text).toList();
    }

    private record Run(List<String> stored, Map<String, AtomicInteger> failures, int attempts, long throttled,
                       RetryTiming.Report timing) {
        String describe(String client) {
            return String.format(Locale.ROOT, "LangChain4j ingest, %s: %d of %d segments stored, %d of %d documents"
                    + " failed %s; %d attempts, %d got 429 (429 share %.2f), %d retries before the server allowed"
                    + " them (of %d after a 429)", client, stored.size(), SEGMENTS,
                failures.values().stream().mapToInt(AtomicInteger::get).sum(), DOCUMENTS, failures, attempts,
                throttled, attempts == 0 ? 0.0 : (double) throttled / attempts, timing.early().size(),
                timing.retriesChecked());
        }
    }
}
