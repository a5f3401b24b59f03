// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.core.util.logging.ClientLogger;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Sends the batches to the embeddings operation, at most {@code concurrency} at a time, and writes each batch's
 * vectors as soon as it returns.
 *
 * <p>Threads: the batches are pulled (the corpus read and chunked) on one reader thread, at most {@code concurrency}
 * batches ahead; the vectors and failures are written on one writer thread, never on the HTTP client's event loop.</p>
 *
 * <p>Failures: a batch the service refuses with HTTP 400 is split in half and each half sent again, down to the
 * single inputs it refuses; every chunk that fails for good is recorded in the {@link FailureLog}. The run stops at
 * once, cancelling every call in flight, when the output cannot be written, when a failure is {@link Failures#fatal
 * fatal} (a rejected credential, an unreachable endpoint, a missing deployment), or when the same refusal comes back
 * for {@value #SYSTEMATIC_BATCHES} different batches (nothing in the inputs can fix it). {@link #cancel()} (Ctrl-C)
 * stops it from another thread.</p>
 */
public final class EmbeddingJob {
    /** Different batches refused the same way that make a refusal systematic and stop the run. */
    public static final int SYSTEMATIC_BATCHES = 3;

    private static final ClientLogger LOGGER = new ClientLogger(EmbeddingJob.class);

    private final EmbeddingsBackend backend;
    private final Target target;
    private final Integer dimensions;
    private final int concurrency;
    private final VectorSink sink;
    private final FailureLog failures;
    private final RunStats stats;
    private final ProgressReporter progress;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final Disposable.Composite subscription = Disposables.composite();
    private final AtomicReference<String> lastBatchError = new AtomicReference<>();
    private final Map<BatchFailure, Set<Integer>> refusals = new ConcurrentHashMap<>();
    private final ExecutorService writerThread = Executors.newSingleThreadExecutor(named("bulk-embed-writer"));
    private final ExecutorService readerThread = Executors.newSingleThreadExecutor(named("bulk-embed-reader"));
    private final Scheduler writer = Schedulers.fromExecutorService(writerThread, "bulk-embed-writer");
    private final Scheduler reader = Schedulers.fromExecutorService(readerThread, "bulk-embed-reader");

    /**
     * Prepares a job that records failed chunks in {@code failed.jsonl} beside the writer's file.
     *
     * @param client the client, built with the pipeline policies
     * @param target where the client sends its calls (for the deployment name and messages)
     * @param dimensions the vector length to ask for, or null for the model's default
     * @param concurrency the most calls in flight
     * @param writer where vectors go
     * @param stats where counts go
     * @param progress told after every batch
     */
    public EmbeddingJob(OpenAIAsyncClient client, Target target, Integer dimensions, int concurrency,
                        EmbeddingWriter writer, RunStats stats, ProgressReporter progress) {
        this(client, target, dimensions, concurrency, writer, new FailureLog(writer.path(), false), stats, progress);
    }

    /**
     * Prepares a job.
     *
     * @param client the client, built with the pipeline policies
     * @param target where the client sends its calls (for the deployment name and messages)
     * @param dimensions the vector length to ask for, or null for the model's default
     * @param concurrency the most calls in flight
     * @param sink where vectors go
     * @param failures where chunks that failed for good are recorded
     * @param stats where counts go
     * @param progress told after every batch
     */
    public EmbeddingJob(OpenAIAsyncClient client, Target target, Integer dimensions, int concurrency,
                        VectorSink sink, FailureLog failures, RunStats stats, ProgressReporter progress) {
        this(new AzureEmbeddings(client, target.deployment()), target, dimensions, concurrency, sink, failures, stats,
            progress);
    }

    /**
     * Prepares a job on any client.
     *
     * @param backend the client's embeddings call, with the policies in it
     * @param target where the client sends its calls (for the deployment name and messages)
     * @param dimensions the vector length to ask for, or null for the model's default
     * @param concurrency the most calls in flight
     * @param sink where vectors go
     * @param failures where chunks that failed for good are recorded
     * @param stats where counts go
     * @param progress told after every batch
     */
    public EmbeddingJob(EmbeddingsBackend backend, Target target, Integer dimensions, int concurrency,
                        VectorSink sink, FailureLog failures, RunStats stats, ProgressReporter progress) {
        this.backend = backend;
        this.target = target;
        this.dimensions = dimensions;
        this.concurrency = concurrency;
        this.sink = sink;
        this.failures = failures;
        this.stats = stats;
        this.progress = progress;
    }

    /**
     * Runs every batch and waits until all are done, the run stopped, or it was cancelled.
     *
     * @param batches the batches
     * @return how the run ended
     */
    public Outcome run(List<Batch> batches) {
        return run(batches.iterator());
    }

    /**
     * Runs every batch, pulling them lazily (on the reader thread, at most {@code concurrency} ahead of the calls in
     * flight), and waits until all are done, the run stopped, or it was cancelled. When it returns, no write is in
     * progress and none will start.
     *
     * @param batches the batches
     * @return how the run ended
     */
    public Outcome run(Iterator<Batch> batches) {
        Disposable running = Flux.fromIterable(() -> batches)
            .subscribeOn(reader, true)
            .flatMap(this::embed, concurrency, 1)
            .subscribe(ignored -> { }, this::fail, () -> outcome.complete(Outcome.completed(lastBatchError.get())));
        subscription.add(running); // disposes it at once when cancel() came first
        Outcome result = outcome.join();
        subscription.dispose();
        stop(writerThread);
        stop(readerThread);
        return result;
    }

    /**
     * Cancels every call in flight; {@link #run} then returns {@link Outcome.Kind#CANCELLED}. Harmless after the
     * run ended.
     */
    public void cancel() {
        if (outcome.complete(Outcome.cancelled())) {
            subscription.dispose();
        }
    }

    private Mono<Void> embed(Batch batch) {
        return probe(batch.chunks())
            .flatMap(failure -> settle(batch, batch.chunks(), failure))
            .doFinally(signal -> progress.update(stats.snapshot()));
    }

    /** Sends one call; on the writer thread, writes its vectors, or emits why it failed. */
    private Mono<BatchFailure> probe(List<Chunk> chunks) {
        List<String> inputs = chunks.stream().map(Chunk::text).toList();
        return Mono.defer(() -> {
            stats.requestStarted();
            return backend.embed(inputs, dimensions);
        }).map(Attempt::succeeded)
            .onErrorResume(error -> Failures.fatal(error, target).isPresent() ? Mono.error(error)
                : Mono.just(Attempt.failed(BatchFailure.of(error))))
            .publishOn(writer)
            .flatMap(attempt -> Mono.justOrEmpty(attempt.failure != null ? attempt.failure
                : write(chunks, attempt.embeddings)));
    }

    /** Writes the vectors of a successful call; returns why they cannot be kept, or null when written. */
    private BatchFailure write(List<Chunk> chunks, EmbeddingsBackend.Embedded embeddings) {
        List<List<Float>> vectors = embeddings.vectors();
        if (vectors.size() != chunks.size()) {
            return new BatchFailure(BatchFailure.ACCEPTED_BUT_WRONG, "wrong_count", "asked for " + chunks.size()
                + " embeddings, got " + vectors.size());
        }
        if (dimensions != null) {
            Optional<List<Float>> wrong = vectors.stream().filter(v -> v.size() != dimensions).findFirst();
            if (wrong.isPresent()) {
                return new BatchFailure(BatchFailure.ACCEPTED_BUT_WRONG, "wrong_dimensions", "deployment '"
                    + target.deployment() + "' returned vectors of " + wrong.get().size()
                    + " floats, --dimensions asks for " + dimensions);
            }
        }
        if (sink.write(chunks, vectors)) {
            long tokens = embeddings.promptTokens() > 0
                ? embeddings.promptTokens() : chunks.stream().mapToInt(Chunk::tokens).sum();
            stats.requestSucceeded(chunks.size(), tokens);
        }
        return null;
    }

    /** Deals with a failed call of some of a batch's chunks (on the writer thread). */
    private Mono<Void> settle(Batch batch, List<Chunk> chunks, BatchFailure failure) {
        if (failure.badRequest() || failure.status() == BatchFailure.ACCEPTED_BUT_WRONG) {
            Set<Integer> batches = refusals.computeIfAbsent(failure, key -> ConcurrentHashMap.newKeySet());
            batches.add(batch.number());
            if (batches.size() >= SYSTEMATIC_BATCHES) {
                stats.requestFailed(chunks.size());
                return record(batch, chunks, failure)
                    .then(Mono.error(new SystematicFailure(systematicMessage(failure, batches.size()))));
            }
        }
        if (failure.badRequest() && chunks.size() > 1) {
            stats.requestRefused();
            return bisect(batch, chunks, failure);
        }
        stats.requestFailed(chunks.size());
        return record(batch, chunks, failure);
    }

    /** Sends both halves of a refused call; splits further only a half refused on its own. */
    private Mono<Void> bisect(Batch batch, List<Chunk> chunks, BatchFailure refusal) {
        List<Chunk> left = chunks.subList(0, chunks.size() / 2);
        List<Chunk> right = chunks.subList(chunks.size() / 2, chunks.size());
        return optional(probe(left)).zipWhen(leftFailure -> optional(probe(right))).flatMap(results -> {
            Optional<BatchFailure> leftFailure = results.getT1();
            Optional<BatchFailure> rightFailure = results.getT2();
            if (leftFailure.filter(refusal::equals).isPresent() && rightFailure.filter(refusal::equals).isPresent()) {
                // both halves refused exactly as the whole: not one bad input, so no point in splitting further
                stats.requestFailed(left.size());
                stats.requestFailed(right.size());
                return record(batch, chunks, refusal);
            }
            Mono<Void> settleLeft = leftFailure.map(f -> settle(batch, left, f)).orElse(Mono.empty());
            Mono<Void> settleRight = rightFailure.map(f -> settle(batch, right, f)).orElse(Mono.empty());
            return settleLeft.then(settleRight);
        });
    }

    private static Mono<Optional<BatchFailure>> optional(Mono<BatchFailure> failure) {
        return failure.map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<Void> record(Batch batch, List<Chunk> chunks, BatchFailure failure) {
        failures.record(chunks, failure);
        String sources = chunks.stream().map(c -> c.source() + "#" + c.index()).collect(Collectors.joining(", "));
        LOGGER.atWarning()
            .addKeyValue("batch", batch.number())
            .addKeyValue("chunks", chunks.size())
            .addKeyValue("sources", sources)
            .addKeyValue("error", failure.describe())
            .log("Chunks failed; recorded in " + failures.path());
        lastBatchError.set(failure.describe());
        return Mono.empty();
    }

    private String systematicMessage(BatchFailure failure, int batches) {
        String hint;
        if (failure.status() == BatchFailure.ACCEPTED_BUT_WRONG) {
            hint = failure.message();
        } else if (dimensions != null && failure.message().toLowerCase(Locale.ROOT).contains("dimension")) {
            hint = "deployment '" + target.deployment() + "' does not support --dimensions: leave it out";
        } else {
            hint = "check --deployment, --dimensions and the input limits";
        }
        return "stopped: the service refused " + batches + " different batches the same way ("
            + failure.describe() + "): " + hint;
    }

    private void fail(Throwable error) {
        Outcome result;
        if (error instanceof OutputFailure) {
            result = Outcome.of(Outcome.Kind.OUTPUT_FAILED, error.getMessage());
        } else if (error instanceof SystematicFailure) {
            result = Outcome.of(Outcome.Kind.STOPPED, error.getMessage());
        } else {
            result = Failures.fatal(error, target).map(message -> Outcome.of(Outcome.Kind.STOPPED, message))
                .orElseGet(() -> Outcome.of(Outcome.Kind.FAILED, String.valueOf(error)));
        }
        if (result.kind() == Outcome.Kind.FAILED) {
            LOGGER.atError().log("Unexpected error", error);
        }
        outcome.complete(result);
    }

    private static void stop(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The result of one call: its vectors, or why it failed. */
    private static final class Attempt {
        final EmbeddingsBackend.Embedded embeddings;
        final BatchFailure failure;

        private Attempt(EmbeddingsBackend.Embedded embeddings, BatchFailure failure) {
            this.embeddings = embeddings;
            this.failure = failure;
        }

        static Attempt succeeded(EmbeddingsBackend.Embedded embeddings) {
            return new Attempt(embeddings, null);
        }

        static Attempt failed(BatchFailure failure) {
            return new Attempt(null, failure);
        }
    }

    /** The same refusal for several batches: the run cannot succeed. */
    private static final class SystematicFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SystematicFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * How a run ended.
     *
     * @param kind completed, stopped, output failed, unexpected failure, or cancelled
     * @param message the stopping failure's one-line message, or the last batch failure's when completed
     */
    public record Outcome(Kind kind, Optional<String> message) {
        /** The ways a run ends. */
        public enum Kind {
            /** Every batch was tried (some may have failed). */
            COMPLETED,
            /** A failure no retry can fix stopped the run: credential, endpoint, deployment, systematic refusal. */
            STOPPED,
            /** {@link EmbeddingJob#cancel()} stopped the run. */
            CANCELLED,
            /** The output (or the list of failed chunks) could not be written. */
            OUTPUT_FAILED,
            /** An unexpected error stopped the run. */
            FAILED
        }

        static Outcome completed(String lastBatchError) {
            return new Outcome(Kind.COMPLETED, Optional.ofNullable(lastBatchError));
        }

        static Outcome of(Kind kind, String message) {
            return new Outcome(kind, Optional.ofNullable(message));
        }

        static Outcome cancelled() {
            return new Outcome(Kind.CANCELLED, Optional.empty());
        }
    }
}
