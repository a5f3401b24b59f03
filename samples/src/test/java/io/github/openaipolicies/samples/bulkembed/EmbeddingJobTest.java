// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingJobTest {
    @TempDir
    Path dir;

    @Test
    void cancelStopsCallsInFlightAndWhatWasWrittenStaysValid() throws Exception {
        List<Batch> batches = new Batcher(1, 1000).batch(List.of(new Chunk("a", 0, "one"), new Chunk("a", 1, "two"),
            new Chunk("a", 2, "three")));
        Path file = dir.resolve("out.jsonl");
        CountDownLatch firstBatchWritten = new CountDownLatch(1);
        AtomicInteger batchesEnded = new AtomicInteger();
        ProgressReporter progress = new ProgressReporter() {
            @Override
            public void update(RunStats.Snapshot stats) {
                batchesEnded.incrementAndGet();
                if (stats.chunksEmbedded() > 0) {
                    firstBatchWritten.countDown();
                }
            }

            @Override
            public void close() {
            }
        };
        RunStats stats = new RunStats(3, System::nanoTime);

        EmbeddingJob.Outcome outcome;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
                .deployment("emb", 1, 0).window(Duration.ofSeconds(30)).start();
             Target target = Target.simulator(simulator, "emb");
             EmbeddingWriter writer = EmbeddingWriter.open(file)) {
            // one request per 30 s: one batch is written, the other two wait on Retry-After until cancelled
            EmbeddingJob job = new EmbeddingJob(EmbeddingsClientFactory.build(target, stats, 5), target, null, 3,
                writer, stats, progress);
            CompletableFuture<EmbeddingJob.Outcome> running = CompletableFuture.supplyAsync(() -> job.run(batches));
            assertThat(firstBatchWritten.await(20, TimeUnit.SECONDS)).isTrue();

            job.cancel();
            assertThat(batchesEnded).as("the two waiting calls were cancelled, not left to retry").hasValue(3);
            outcome = running.get(10, TimeUnit.SECONDS);
        }

        assertThat(outcome.kind()).isEqualTo(EmbeddingJob.Outcome.Kind.CANCELLED);
        RunStats.Snapshot counts = stats.snapshot();
        assertThat(counts.requests()).as("all three calls were in flight").isEqualTo(3);
        assertThat(counts.chunksEmbedded()).isEqualTo(1);
        assertThat(counts.requestsFailed()).as("cancelled calls are not failures").isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines).allSatisfy(line -> assertThat(EmbeddingWriterTest.parse(line)).containsKey("vector"));
    }

    @Test
    void vectorsAreWrittenOffTheHttpClientsEventLoop() {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            chunks.add(new Chunk("a", i, "text number " + i));
        }
        Path file = dir.resolve("out.jsonl");
        Set<String> writerThreads = ConcurrentHashMap.newKeySet();
        RunStats stats = new RunStats(chunks.size(), System::nanoTime);

        EmbeddingJob.Outcome outcome;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start();
             Target target = Target.simulator(simulator, AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
             EmbeddingWriter writer = EmbeddingWriter.open(file)) {
            VectorSink recording = (batch, vectors) -> {
                writerThreads.add(Thread.currentThread().getName());
                return writer.write(batch, vectors);
            };
            EmbeddingJob job = new EmbeddingJob(EmbeddingsClientFactory.build(target, stats, 0), target, null, 8,
                recording, new FailureLog(file, false), stats, silent());
            outcome = job.run(new Batcher(1, 1000).batch(chunks));
        }

        assertThat(outcome.kind()).isEqualTo(EmbeddingJob.Outcome.Kind.COMPLETED);
        assertThat(stats.snapshot().chunksEmbedded()).isEqualTo(24);
        assertThat(writerThreads).isNotEmpty().allSatisfy(name -> assertThat(name).doesNotStartWith("reactor-http-"));
    }

    static ProgressReporter silent() {
        return new ProgressReporter() {
            @Override
            public void update(RunStats.Snapshot stats) {
            }

            @Override
            public void close() {
            }
        };
    }
}
