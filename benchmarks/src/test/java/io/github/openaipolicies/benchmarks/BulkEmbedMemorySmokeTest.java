package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the memory benchmark on a tiny corpus so it cannot rot: a child JVM, a heap limit, figures that add up. */
class BulkEmbedMemorySmokeTest {
    @Test
    void aSmallCorpusIsEmbeddedInAChildJvmUnderItsHeapLimitAndTheHeapIsReported(@TempDir Path dir)
        throws IOException {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        BulkEmbedMemory.Result result = BulkEmbedMemory.run(dir, 3L << 20, "96m", 7,
            new PrintStream(progress, true, StandardCharsets.UTF_8));

        String echoed = progress.toString(StandardCharsets.UTF_8);
        assertThat(result.exit()).as(echoed).isZero();
        assertThat(result.files()).isEqualTo(2);
        assertThat(result.corpusBytes()).isBetween(3L << 20, (3L << 20) + 1000);
        assertThat(echoed).contains("| BulkEmbed ", "| completed ");
        // about 8,000 characters per chunk
        assertThat(result.lines()).isBetween(300L, 700L);
        assertThat(result.maxHeap()).isPositive().isLessThanOrEqualTo(96L << 20);
        assertThat(result.maxLiveAfterGc()).isLessThanOrEqualTo(result.maxHeap());
        assertThat(result.heapPeakBound()).isPositive();
        assertThat(result.table()).contains("heap limit          96 MiB (-Xmx)");
    }

    @Test
    void readsSizesWithUnits() {
        assertThat(BulkEmbedMemory.bytes("1g")).isEqualTo(1L << 30);
        assertThat(BulkEmbedMemory.bytes("3M")).isEqualTo(3L << 20);
        assertThat(BulkEmbedMemory.bytes("12k")).isEqualTo(12L << 10);
        assertThat(BulkEmbedMemory.bytes("500")).isEqualTo(500);
    }
}
