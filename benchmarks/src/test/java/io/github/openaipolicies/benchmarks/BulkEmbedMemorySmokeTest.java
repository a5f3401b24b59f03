package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the memory benchmark on a small corpus so it cannot rot, and holds BulkEmbed to a bound on what it keeps: a
 * child JVM under {@code -Xmx96m}, and the live heap (read after full collections forced while it runs) no more than
 * the child's fixed footprint plus a quarter of the corpus. BulkEmbed streams: its live heap measured 34-39 MiB at
 * corpora of 1, 3, 6 and 12 MiB alike (azure-core, Netty, Reactor and Jackson's own objects, the batches in flight),
 * so a run that kept the corpus (or its chunks, or the responses) would exceed the bound by most of the corpus.
 */
class BulkEmbedMemorySmokeTest {
    private static final long CORPUS = 24L << 20;
    private static final long HEAP_LIMIT = 96L << 20;
    /**
     * The child's live heap that does not grow with the corpus: 34-35 MiB at rest, up to 39 MiB measured with batches
     * in flight (8 requests of 64 chunks of about 8,000 characters, each as text and as a JSON body), rounded up.
     */
    private static final long FOOTPRINT_MIB = 44;

    @Test
    void aCorpusIsEmbeddedInAChildJvmWithALiveHeapFarBelowTheCorpusAndTheLimit(@TempDir Path dir)
        throws IOException {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        BulkEmbedMemory.Result result = BulkEmbedMemory.run(dir, CORPUS, "96m", 7,
            new PrintStream(progress, true, StandardCharsets.UTF_8), Duration.ofMillis(200));

        String echoed = progress.toString(StandardCharsets.UTF_8);
        System.out.println("BulkEmbedMemorySmokeTest\n" + result.table());
        assertThat(result.exit()).as(echoed).isZero();
        assertThat(result.corpusBytes()).isBetween(CORPUS, CORPUS + 1000);
        assertThat(echoed).contains("| BulkEmbed ", "| completed ");
        // about 8,000 characters per chunk
        assertThat(result.lines()).as("every chunk embedded").isBetween(CORPUS / 9_000, CORPUS / 7_000);
        assertThat(result.maxHeap()).as("the child ran under its -Xmx (not a default of a quarter of the RAM)")
            .isBetween(HEAP_LIMIT * 9 / 10, HEAP_LIMIT);
        assertThat(result.liveSamples()).as("readings of the live heap while BulkEmbed ran").isGreaterThanOrEqualTo(3);
        long bound = (FOOTPRINT_MIB << 20) + result.corpusBytes() / 4;
        assertThat(result.maxLiveSampled()).as("live heap: at most %d MiB (footprint %d MiB + a quarter of the "
                + "%d MiB corpus)", bound >> 20, FOOTPRINT_MIB, result.corpusBytes() >> 20)
            .isPositive().isLessThanOrEqualTo(bound);
        assertThat(result.table()).contains("heap limit          96 MiB (-Xmx)", "live heap, max");
    }

    @Test
    void readsSizesWithUnits() {
        assertThat(BulkEmbedMemory.bytes("1g")).isEqualTo(1L << 30);
        assertThat(BulkEmbedMemory.bytes("3M")).isEqualTo(3L << 20);
        assertThat(BulkEmbedMemory.bytes("12k")).isEqualTo(12L << 10);
        assertThat(BulkEmbedMemory.bytes("500")).isEqualTo(500);
    }
}
