// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.models.EmbeddingItem;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the batches to the embeddings operation, at most {@code concurrency} at a time, and writes each batch's
 * vectors as soon as it returns.
 *
 * <p>A batch that fails after its retries is counted and skipped; a failure {@link Failures#fatal fatal} to the run
 * (a rejected credential, an unreachable endpoint) cancels every call in flight and ends the run.
 * {@link #cancel()} (Ctrl-C) does the same from another thread.</p>
 */
public final class EmbeddingJob {
    private final OpenAIAsyncClient client;
    private final Target target;
    private final Integer dimensions;
    private final int concurrency;
    private final EmbeddingWriter writer;
    private final RunStats stats;
    private final ProgressReporter progress;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final Disposable.Composite subscription = Disposables.composite();
    private final AtomicReference<String> lastBatchError = new AtomicReference<>();

    /**
     * Prepares a job.
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
        this.client = client;
        this.target = target;
        this.dimensions = dimensions;
        this.concurrency = concurrency;
        this.writer = writer;
        this.stats = stats;
        this.progress = progress;
    }

    /**
     * Runs every batch and waits until all are done, the run failed fatally, or it was cancelled.
     *
     * @param batches the batches
     * @return how the run ended
     */
    public Outcome run(List<Batch> batches) {
        Disposable running = Flux.fromIterable(batches)
            .flatMap(this::embed, concurrency)
            .subscribe(ignored -> { }, this::fail, () -> outcome.complete(Outcome.completed(lastBatchError.get())));
        subscription.add(running); // disposes it at once when cancel() came first
        return outcome.join();
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
        EmbeddingsOptions options = new EmbeddingsOptions(batch.inputs()).setDimensions(dimensions);
        return Mono.defer(() -> {
            stats.requestStarted();
            return client.getEmbeddings(target.deployment(), options);
        }).doOnNext(embeddings -> write(batch, embeddings))
            .onErrorResume(error -> {
                stats.requestFailed(batch.size());
                if (Failures.fatal(error, target).isPresent()) {
                    return Mono.error(error);
                }
                lastBatchError.set(Failures.firstLine(error.getMessage()));
                return Mono.empty();
            })
            .doFinally(signal -> progress.update(stats.snapshot()))
            .then();
    }

    private void write(Batch batch, Embeddings embeddings) {
        List<List<Float>> vectors = embeddings.getData().stream()
            .sorted(Comparator.comparingInt(EmbeddingItem::getPromptIndex))
            .map(EmbeddingItem::getEmbedding)
            .toList();
        if (vectors.size() != batch.size()) {
            throw new IllegalStateException("asked for " + batch.size() + " embeddings, got " + vectors.size());
        }
        if (writer.write(batch.chunks(), vectors)) {
            long tokens = embeddings.getUsage() != null && embeddings.getUsage().getPromptTokens() > 0
                ? embeddings.getUsage().getPromptTokens() : batch.tokens();
            stats.requestSucceeded(batch.size(), tokens);
        }
    }

    private void fail(Throwable error) {
        outcome.complete(Outcome.stopped(Failures.fatal(error, target).orElseGet(() -> Failures.firstLine(
            error.getMessage()))));
    }

    /**
     * How a run ended.
     *
     * @param kind completed, stopped by a fatal failure, or cancelled
     * @param message the fatal failure's one-line message, or the last batch failure's when completed
     */
    public record Outcome(Kind kind, Optional<String> message) {
        /** The ways a run ends. */
        public enum Kind {
            /** Every batch was tried (some may have failed). */
            COMPLETED,
            /** A fatal failure stopped the run. */
            STOPPED,
            /** {@link EmbeddingJob#cancel()} stopped the run. */
            CANCELLED
        }

        static Outcome completed(String lastBatchError) {
            return new Outcome(Kind.COMPLETED, Optional.ofNullable(lastBatchError));
        }

        static Outcome stopped(String message) {
            return new Outcome(Kind.STOPPED, Optional.of(message));
        }

        static Outcome cancelled() {
            return new Outcome(Kind.CANCELLED, Optional.empty());
        }
    }
}
