package io.github.openaipolicies.benchmarks;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.JournalEntry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs one {@link ThrottledIngest} row once: {@code requests} small embeddings calls, at most {@code concurrency} in
 * flight, against a simulator that was just reset.
 *
 * <p>By default through an {@link OpenAIAsyncClient} with {@code flatMap(..., concurrency)}: exactly
 * {@code concurrency} calls in flight without a thread per call, on the policies' reactive path, the one a
 * Reactor-based importer uses; each call has a guard timeout (5 minutes, above every row's own budget) so a hung call
 * shows up as a failure instead of a hung benchmark. With {@code --client sync}: an {@link OpenAIClient} called from
 * {@code concurrency} threads, on the policies' synchronous path (no guard timeout there). An {@link OpenAIJavaRow}
 * makes the same calls through openai-java instead (see {@link OpenAIJavaCalls}).</p>
 */
final class IngestRunner {
    /** The deployment every row calls. */
    static final String DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;

    private static final Duration CALL_GUARD = Duration.ofMinutes(5);

    private final AzureOpenAISimulator simulator;
    private final IngestSettings settings;
    private RunTimeline lastTimeline;
    private Supplier<String> lastMessyShapes = () -> null;
    private LullBurst lastBurst;
    private long lastRateLimitAnswers;

    IngestRunner(AzureOpenAISimulator simulator, IngestSettings settings) {
        this.simulator = simulator;
        this.settings = settings;
    }

    /**
     * A runner that only {@link #drive drives} calls, for a process that does not own the simulator.
     *
     * @param settings the settings (the concurrency, the client and the request shape)
     */
    IngestRunner(IngestSettings settings) {
        this(null, settings);
    }

    /**
     * Resets the simulator, runs the row and reads the journal. With {@code --setting lull} a measured run (repeat 0
     * or more) is a steady phase, a pause and a burst through one client (see {@link IngestSettings.Setting#LULL});
     * a warm-up (repeat -1) just makes its calls.
     *
     * @param row the row
     * @param repeat the repeat index, for the result; -1 for a warm-up
     * @param requests how many calls
     * @return the measurements
     */
    RunResult run(IngestRow row, int repeat, int requests) {
        simulator.reset();
        lastBurst = null;
        try (RowClient client = client(row)) {
            return measure(row, repeat, requests, client);
        }
    }

    /** The client of one run: its calls, its own attempt count, its messy 429s, what to close after the run. */
    private record RowClient(Calls calls, AttemptCount counter, Supplier<String> messyShapes, Runnable closer)
        implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }

    private RowClient client(IngestRow row) {
        // The same seed for every run: the i-th 429 of each row gets the same shape.
        Long messySeed = settings.faults() == IngestSettings.Faults.MESSY ? settings.seed() : null;
        if (row instanceof OpenAIJavaRow openAIJava) {
            OpenAIJavaCalls calls = OpenAIJavaCalls.create(simulator, openAIJava, messySeed, this::inputs);
            boolean sync = settings.client() == IngestSettings.ClientMode.SYNC;
            return new RowClient((first, count, concurrency, outcomes) -> calls.make(sync, first, count, concurrency,
                outcomes), calls.counter(), calls::messyShapes, calls::close);
        }
        AttemptCounter counter = new AttemptCounter();
        OpenAIClientBuilder builder = clientBuilder(simulator).addPolicy(counter);
        MessyThrottleHttpClient messy = null;
        if (messySeed != null) {
            messy = new MessyThrottleHttpClient(simulator.httpClient(), messySeed);
            builder.httpClient(messy);
        }
        MessyThrottleHttpClient served = messy;
        return new RowClient(calls(((AzureRow) row).configure().apply(builder)), counter,
            () -> served == null ? null : served.servedLine(), () -> { });
    }

    private RunResult measure(IngestRow row, int repeat, int requests, RowClient client) {
        lastMessyShapes = client.messyShapes();
        AttemptCount counter = client.counter();
        Calls calls = client.calls();
        Instant started = Instant.now();
        long start = System.nanoTime();
        Outcomes outcomes = new Outcomes();
        Instant burstStart = null;
        Outcomes burst = null;
        long burstNanos = 0;
        if (settings.setting() == IngestSettings.Setting.LULL && repeat >= 0) {
            int steady = Math.min(requests, settings.steadyRequests());
            calls.make(0, steady, settings.concurrency(), outcomes);
            pause(settings.pause());
            burst = new Outcomes();
            burstStart = Instant.now();
            burstNanos = System.nanoTime();
            calls.make(steady, requests - steady, requests - steady, burst);
            outcomes.absorb(burst);
        } else {
            calls.make(0, requests, settings.concurrency(), outcomes);
        }
        long end = System.nanoTime();

        List<JournalEntry> entries = simulator.journal().entries(DEPLOYMENT);
        lastRateLimitAnswers = counter.withRateLimitHeaders();
        if (burst != null) {
            lastBurst = LullBurst.of(entries, burstStart, burst.completed(), burst.failed(),
                Duration.ofNanos(end - burstNanos));
        }
        lastTimeline = RunTimeline.of(entries, started, RunTimeline.BUCKET);
        long throttled = entries.stream().filter(e -> e.status() == 429).count();
        Duration elapsed = Duration.ofNanos(end - start);
        long completed = outcomes.completed.get();
        Duration tail = Duration.ofNanos(end - (completed == 0 ? start : outcomes.lastSuccess.get()));
        return new RunResult(row.name(), repeat, completed, outcomes.failed(), entries.size(), throttled,
            counter.attempts(), counter.throttled(), elapsed, tail,
            RunResult.goodput(completed, elapsed, settings.goodputQuota(), settings.goodputWindow()),
            new TreeMap<>(outcomes.failures));
    }

    /**
     * The simulator's view of the last {@link #run}: successes and 429s per {@link RunTimeline#BUCKET} from its start.
     *
     * @return the timeline, null before the first run
     */
    RunTimeline lastTimeline() {
        return lastTimeline;
    }

    /**
     * With {@code --setting lull}: the burst of the last measured run.
     *
     * @return the burst, null after a warm-up or in another setting
     */
    LullBurst lastBurst() {
        return lastBurst;
    }

    /**
     * The answers of the last run that carried an {@code x-ratelimit-*} or {@code retry-after-ms} header, as the client
     * saw them (none with {@code --faults sparse}).
     *
     * @return the count
     */
    long lastRateLimitAnswers() {
        return lastRateLimitAnswers;
    }

    /**
     * With {@code --faults messy}: how many 429s of the last run went out in each shape.
     *
     * @return e.g. {@code clean 3, no-delay 2, ...}, or null without messy faults
     */
    String lastMessyShapes() {
        return lastMessyShapes.get();
    }

    /**
     * A client builder for the simulator: its endpoint, its key and its transport, nothing else.
     *
     * @param simulator the running simulator
     * @return a new builder
     */
    static OpenAIClientBuilder clientBuilder(AzureOpenAISimulator simulator) {
        return clientBuilder(simulator.endpoint(), simulator.httpClient());
    }

    /**
     * A client builder for a simulator reached through a transport: the endpoint, the simulator's key, the transport.
     *
     * @param endpoint the simulator's endpoint
     * @param transport a transport that trusts the simulator
     * @return a new builder
     */
    static OpenAIClientBuilder clientBuilder(String endpoint, HttpClient transport) {
        return new OpenAIClientBuilder()
            .endpoint(endpoint)
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(transport);
    }

    /**
     * Makes {@code requests} calls through a client of the configured builder, as the settings say (client, calls in
     * flight, request shape), and waits for every outcome.
     *
     * @param configured the builder with the row's configuration
     * @param requests how many calls
     * @return the outcomes
     */
    Outcomes drive(OpenAIClientBuilder configured, int requests) {
        Outcomes outcomes = new Outcomes();
        calls(configured).make(0, requests, settings.concurrency(), outcomes);
        return outcomes;
    }

    /** One client of the configured builder, as the settings say, making calls in batches. */
    private Calls calls(OpenAIClientBuilder configured) {
        if (settings.client() == IngestSettings.ClientMode.SYNC) {
            OpenAIClient client = configured.buildClient();
            return (first, count, concurrency, outcomes) -> driveSync(client, first, count, concurrency, outcomes);
        }
        OpenAIAsyncClient client = configured.buildAsyncClient();
        return (first, count, concurrency, outcomes) -> driveAsync(client, first, count, concurrency, outcomes);
    }

    /** Makes calls through one client and waits for every outcome. */
    @FunctionalInterface
    interface Calls {
        /**
         * Makes calls {@code first} to {@code first + count - 1}, {@code concurrency} in flight at once.
         *
         * @param first the index of the first call (it picks the request's text)
         * @param count how many calls
         * @param concurrency calls in flight at once
         * @param outcomes receives every outcome
         */
        void make(int first, int count, int concurrency, Outcomes outcomes);
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the lull", e);
        }
    }

    private void driveAsync(OpenAIAsyncClient client, int first, int requests, int concurrency, Outcomes outcomes) {
        Flux.range(first, requests)
            .flatMap(i -> client.getEmbeddings(DEPLOYMENT, options(i))
                .timeout(CALL_GUARD)
                .doOnSuccess(ignored -> outcomes.success())
                .onErrorResume(error -> {
                    outcomes.failure(error);
                    return Mono.empty();
                }), concurrency)
            .blockLast();
    }

    private void driveSync(OpenAIClient client, int first, int requests, int concurrency, Outcomes outcomes) {
        AtomicInteger next = new AtomicInteger(first);
        int end = first + requests;
        Callable<Void> worker = () -> {
            for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
                try {
                    client.getEmbeddings(DEPLOYMENT, options(i));
                    outcomes.success();
                } catch (RuntimeException error) {
                    outcomes.failure(error);
                }
            }
            return null;
        };
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        try {
            for (Future<Void> done : callers.invokeAll(Collections.nCopies(concurrency, worker))) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the callers", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a caller failed outside a call", e.getCause());
        } finally {
            callers.shutdownNow();
        }
    }

    /** The request of call {@code index}: {@link IngestSettings#inputs()} inputs of the setting's length. */
    EmbeddingsOptions options(int index) {
        return new EmbeddingsOptions(inputs(index));
    }

    /** The inputs of call {@code index}, the same for every client. */
    List<String> inputs(int index) {
        List<String> inputs = new ArrayList<>(settings.inputs());
        for (int part = 0; part < settings.inputs(); part++) {
            inputs.add(input(index, part, settings.setting().inputChars()));
        }
        return inputs;
    }

    /** One input of exactly {@code chars} characters, so every request costs the same estimated tokens. */
    static String input(int index, int part, int chars) {
        StringBuilder text = new StringBuilder(chars).append("document ").append(index).append('.').append(part)
            .append(": throttled ingest");
        while (text.length() < chars) {
            text.append(' ').append("lorem");
        }
        text.setLength(chars);
        return text.toString();
    }

    /** Outcomes of one run's calls, safe for concurrent callers. */
    static final class Outcomes {
        private final AtomicLong completed = new AtomicLong();
        private final AtomicLong lastSuccess = new AtomicLong(Long.MIN_VALUE);
        private final Map<String, Long> failures = new ConcurrentHashMap<>();

        void success() {
            completed.incrementAndGet();
            lastSuccess.accumulateAndGet(System.nanoTime(), Math::max);
        }

        void failure(Throwable error) {
            failures.merge(cause(error), 1L, Long::sum);
        }

        /** Adds another batch's outcomes to these. */
        void absorb(Outcomes other) {
            completed.addAndGet(other.completed.get());
            lastSuccess.accumulateAndGet(other.lastSuccess.get(), Math::max);
            other.failures.forEach((cause, count) -> failures.merge(cause, count, Long::sum));
        }

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        long completed() {
            return completed.get();
        }

        /** The {@link System#nanoTime()} of the last success, {@code Long.MIN_VALUE} when none succeeded. */
        long lastSuccess() {
            return lastSuccess.get();
        }

        Map<String, Long> failures() {
            return new TreeMap<>(failures);
        }
    }

    private static String cause(Throwable error) {
        if (error instanceof HttpResponseException http && http.getResponse() != null) {
            return "HTTP " + http.getResponse().getStatusCode();
        }
        return OpenAIJavaCalls.cause(error);
    }
}
