package io.github.openaipolicies.benchmarks;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.Properties;
import com.openai.core.http.HttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The openai-java side of {@link IngestRunner}: one client of an {@link OpenAIJavaRow} against the simulator's Azure
 * v1 routes ({@code baseUrl(endpoint + "/openai/v1")}, the deployment in {@code model}, the simulator's key as
 * {@link AzureApiKeyCredential}), and the calls through it. Its transport is openai-java's own {@link OkHttpClient}
 * with its defaults, trusting the simulator's certificate; below the row's per-attempt client sit the attempt counter
 * and, with {@code --faults messy}, the messy 429s, as below the azure rows' pipelines.
 *
 * <p>Async ({@code client.async().embeddings().create}) keeps exactly {@code concurrency} calls in flight without a
 * thread per call: each completion starts the next call, and each call has the same 5-minute guard timeout as the
 * azure rows. Sync ({@code --client sync}) calls from {@code concurrency} threads.</p>
 */
final class OpenAIJavaCalls implements AutoCloseable {
    /** The openai-java version on the class path, for the legend. */
    static final String VERSION = Properties.getPackageVersion();

    private static final Duration CALL_GUARD = Duration.ofMinutes(5);

    private final OpenAIClient client;
    private final OpenAIJavaAttemptCounter counter;
    private final MessyThrottleOpenAIJavaClient messy;
    private final IntFunction<EmbeddingCreateParams> params;

    private OpenAIJavaCalls(OpenAIClient client, OpenAIJavaAttemptCounter counter,
                            MessyThrottleOpenAIJavaClient messy, IntFunction<EmbeddingCreateParams> params) {
        this.client = client;
        this.counter = counter;
        this.messy = messy;
        this.params = params;
    }

    /**
     * A client of the row against the simulator: OkHttp, then (with a seed) the messy 429s, then the attempt
     * counter, then the row's per-attempt client, then openai-java's retry configured by the row.
     *
     * @param simulator the running simulator
     * @param row the row
     * @param messySeed the seed of {@code --faults messy}, or null for the simulator's 429s as it sends them
     * @param inputs the inputs of call {@code index}
     * @return the calls, to close after the run
     */
    static OpenAIJavaCalls create(AzureOpenAISimulator simulator, OpenAIJavaRow row, Long messySeed,
                                  IntFunction<List<String>> inputs) {
        HttpClient transport = transport(simulator);
        try {
            MessyThrottleOpenAIJavaClient messy = messySeed == null ? null
                : new MessyThrottleOpenAIJavaClient(transport, messySeed);
            OpenAIJavaAttemptCounter counter = new OpenAIJavaAttemptCounter(messy == null ? transport : messy);
            OpenAIClient client = client(simulator.endpoint(), row.perAttempt().apply(counter), row);
            return new OpenAIJavaCalls(client, counter, messy, index -> params(inputs.apply(index)));
        } catch (RuntimeException | Error e) {
            transport.close();
            throw e;
        }
    }

    /**
     * openai-java's OkHttp transport with its defaults, trusting the simulator's certificate.
     *
     * @param simulator the running simulator
     * @return the transport
     */
    static HttpClient transport(AzureOpenAISimulator simulator) {
        return OkHttpClient.builder()
            .sslSocketFactory(simulator.sslContext().getSocketFactory())
            .trustManager(simulator.trustManager())
            .build();
    }

    /**
     * A client of the simulator's Azure v1 routes through a per-attempt client, configured by the row.
     *
     * @param endpoint the simulator's endpoint
     * @param perAttempt the client openai-java calls once per attempt
     * @param row the row, whose {@code configure} sets the retry options
     * @return the client
     */
    static OpenAIClient client(String endpoint, HttpClient perAttempt, OpenAIJavaRow row) {
        ClientOptions.Builder options = ClientOptions.builder()
            .httpClient(perAttempt)
            .baseUrl(endpoint + "/openai/v1")
            .credential(AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY));
        return new OpenAIClientImpl(row.configure().apply(options).build());
    }

    /**
     * The embeddings request of one call: the benchmark deployment as {@code model}, the inputs as an array.
     *
     * @param inputs the inputs
     * @return the parameters
     */
    static EmbeddingCreateParams params(List<String> inputs) {
        return EmbeddingCreateParams.builder().model(IngestRunner.DEPLOYMENT).inputOfArrayOfStrings(inputs).build();
    }

    /**
     * The client's own count of attempts and 429s.
     *
     * @return the counter
     */
    AttemptCount counter() {
        return counter;
    }

    /**
     * With {@code --faults messy}: how many 429s went out in each shape.
     *
     * @return the line, or null without messy faults
     */
    String messyShapes() {
        return messy == null ? null : messy.servedLine();
    }

    /**
     * Makes calls {@code first} to {@code first + count - 1}, {@code concurrency} in flight at once, and waits for
     * every outcome.
     *
     * @param sync whether to call the blocking client from {@code concurrency} threads
     * @param first the index of the first call
     * @param count how many calls
     * @param concurrency calls in flight at once
     * @param outcomes receives every outcome
     */
    void make(boolean sync, int first, int count, int concurrency, IngestRunner.Outcomes outcomes) {
        if (sync) {
            makeSync(first, count, concurrency, outcomes);
        } else {
            makeAsync(first, count, concurrency, outcomes);
        }
    }

    /** Closes the client, and with it the transport's connections and threads. */
    @Override
    public void close() {
        client.close();
    }

    private void makeAsync(int first, int count, int concurrency, IngestRunner.Outcomes outcomes) {
        if (count == 0) {
            return;
        }
        AsyncBatch batch = new AsyncBatch(client.async(), first, count, outcomes);
        for (int started = 0; started < Math.min(concurrency, count); started++) {
            batch.startNext();
        }
        batch.done.join();
    }

    /** One batch of async calls: each outcome starts the next call, the last completes {@link #done}. */
    private final class AsyncBatch {
        private final OpenAIClientAsync async;
        private final AtomicInteger next;
        private final int end;
        private final int count;
        private final AtomicInteger finished = new AtomicInteger();
        private final IngestRunner.Outcomes outcomes;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        AsyncBatch(OpenAIClientAsync async, int first, int count, IngestRunner.Outcomes outcomes) {
            this.async = async;
            this.next = new AtomicInteger(first);
            this.end = first + count;
            this.count = count;
            this.outcomes = outcomes;
        }

        void startNext() {
            int index = next.getAndIncrement();
            if (index >= end) {
                return;
            }
            CompletableFuture<?> call;
            try {
                call = async.embeddings().create(params.apply(index));
            } catch (RuntimeException error) {
                call = CompletableFuture.failedFuture(error);
            }
            call.orTimeout(CALL_GUARD.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, error) -> {
                if (error == null) {
                    outcomes.success();
                } else {
                    outcomes.failure(error);
                }
                if (finished.incrementAndGet() == count) {
                    done.complete(null);
                } else {
                    startNext();
                }
            });
        }
    }

    private void makeSync(int first, int count, int concurrency, IngestRunner.Outcomes outcomes) {
        AtomicInteger next = new AtomicInteger(first);
        int end = first + count;
        Callable<Void> worker = () -> {
            for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
                try {
                    client.embeddings().create(params.apply(i));
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

    /**
     * The cause of a failed openai-java call as the table names it: {@code HTTP 429} for a service error, else the
     * exception's simple name.
     *
     * @param error the failure, possibly wrapped in a {@link CompletionException}
     * @return the cause
     */
    static String cause(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof OpenAIServiceException service) {
            return "HTTP " + service.statusCode();
        }
        return Objects.requireNonNull(cause).getClass().getSimpleName();
    }
}
