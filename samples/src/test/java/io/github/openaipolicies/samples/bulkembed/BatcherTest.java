// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatcherTest {
    private static List<Chunk> chunksOfTokens(int... tokens) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            chunks.add(new Chunk("doc", i, "x".repeat(tokens[i] * 4)));
        }
        return chunks;
    }

    @Test
    void boundsTheNumberOfInputsPerBatch() {
        List<Batch> batches = new Batcher(3, 1000).batch(chunksOfTokens(1, 1, 1, 1, 1, 1, 1));

        assertThat(batches).extracting(Batch::size).containsExactly(3, 3, 1);
        assertThat(batches).extracting(Batch::number).containsExactly(0, 1, 2);
    }

    @Test
    void boundsTheEstimatedTokensPerBatch() {
        List<Batch> batches = new Batcher(100, 10).batch(chunksOfTokens(4, 4, 3, 10, 1, 9));

        assertThat(batches).extracting(Batch::tokens).containsExactly(8, 3, 10, 10);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.tokens()).isLessThanOrEqualTo(10));
    }

    @Test
    void keepsEveryChunkOnceAndInOrder() {
        List<Chunk> chunks = chunksOfTokens(5, 2, 7, 1, 1, 6, 3);

        List<Batch> batches = new Batcher(2, 8).batch(chunks);

        assertThat(batches.stream().flatMap(batch -> batch.chunks().stream()).toList()).isEqualTo(chunks);
        assertThat(batches.get(0).inputs()).containsExactly(chunks.get(0).text(), chunks.get(1).text());
    }

    @Test
    void aChunkAboveTheTokenBoundGetsABatchOfItsOwn() {
        assertThat(new Batcher(10, 5).batch(chunksOfTokens(1, 9, 1))).extracting(Batch::size).containsExactly(1, 1, 1);
    }

    @Test
    void rejectsBoundsBelowOne() {
        assertThatThrownBy(() -> new Batcher(0, 5)).hasMessageContaining("maxInputs");
        assertThatThrownBy(() -> new Batcher(5, 0)).hasMessageContaining("maxTokens");
    }
}
