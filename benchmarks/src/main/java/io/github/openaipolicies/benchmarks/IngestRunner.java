package io.github.openaipolicies.benchmarks;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.exception.HttpResponseException;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.JournalEntry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one {@link ThrottledIngest} row once: {@code requests} small embeddings calls through an
 * {@link OpenAIAsyncClient}, at most {@code concurrency} in flight, against a simulator that was just reset.
 *
 * <p>The async client with {@code flatMap(..., concurrency)} keeps exactly {@code concurrency} calls in flight without
 * a thread per call, and it drives the policies' reactive path, the one a Reactor-based importer uses. Each call has
 * a guard timeout (5 minutes, above every row's own budget) so a hung call shows up as a failure instead of a hung
 * benchmark.</p>
 */
final class IngestRunner {
    /** The deployment every row calls. */
    static final String DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;

    private static final Duration CALL_GUARD = Duration.ofMinutes(5);

    private final AzureOpenAISimulator simulator;
    private final IngestSettings settings;

    IngestRunner(AzureOpenAISimulator simulator, IngestSettings settings) {
        this.simulator = simulator;
        this.settings = settings;
    }

    /**
     * Resets the simulator, runs the row and reads the journal.
     *
     * @param row the row
     * @param repeat the repeat index, for the result
     * @param requests how many calls
     * @return the measurements
     */
    RunResult run(IngestRow row, int repeat, int requests) {
        simulator.reset();
        AttemptCounter counter = new AttemptCounter();
        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient())
            .addPolicy(counter);
        OpenAIAsyncClient client = row.configure().apply(builder).buildAsyncClient();

        Map<String, Long> failures = new ConcurrentHashMap<>();
        AtomicLong completed = new AtomicLong();
        AtomicLong lastSuccess = new AtomicLong();
        long start = System.nanoTime();
        lastSuccess.set(start);
        Flux.range(0, requests)
            .flatMap(i -> embed(client, i)
                .doOnSuccess(ignored -> {
                    completed.incrementAndGet();
                    lastSuccess.accumulateAndGet(System.nanoTime(), Math::max);
                })
                .onErrorResume(error -> {
                    failures.merge(cause(error), 1L, Long::sum);
                    return Mono.empty();
                }), settings.concurrency())
            .blockLast();
        long end = System.nanoTime();

        List<JournalEntry> entries = simulator.journal().entries(DEPLOYMENT);
        long throttled = entries.stream().filter(e -> e.status() == 429).count();
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        Duration elapsed = Duration.ofNanos(end - start);
        Duration tail = Duration.ofNanos(end - (completed.get() == 0 ? start : lastSuccess.get()));
        return new RunResult(row.name(), repeat, completed.get(), failed, entries.size(), throttled,
            counter.attempts(), counter.throttled(), elapsed, tail,
            RunResult.goodput(completed.get(), elapsed, settings.quota(), settings.window()), new TreeMap<>(failures));
    }

    private static Mono<?> embed(OpenAIAsyncClient client, int index) {
        EmbeddingsOptions options = new EmbeddingsOptions(List.of("document " + index + ": throttled ingest"));
        return client.getEmbeddings(DEPLOYMENT, options).timeout(CALL_GUARD);
    }

    private static String cause(Throwable error) {
        if (error instanceof HttpResponseException http && http.getResponse() != null) {
            return "HTTP " + http.getResponse().getStatusCode();
        }
        return error.getClass().getSimpleName();
    }
}
