// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.util.List;

/**
 * Where {@link EmbeddingJob} puts each batch's vectors; {@link EmbeddingWriter} writes them as JSON lines.
 */
@FunctionalInterface
public interface VectorSink {
    /**
     * Keeps one vector per chunk of a batch.
     *
     * @param chunks the chunks
     * @param vectors their vectors, in the same order
     * @return false when the sink was already closed and nothing was kept
     * @throws OutputFailure when the vectors cannot be kept
     */
    boolean write(List<Chunk> chunks, List<List<Float>> vectors);
}
