// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.util.List;

/**
 * The chunks sent together in one embeddings request.
 *
 * @param number the batch's position in the run, from 0
 * @param chunks the chunks, in input order
 */
public record Batch(int number, List<Chunk> chunks) {
    /**
     * Copies the chunk list.
     *
     * @param number the batch's position in the run
     * @param chunks the chunks
     */
    public Batch {
        chunks = List.copyOf(chunks);
    }

    /**
     * The texts to send, in input order.
     *
     * @return one text per chunk
     */
    public List<String> inputs() {
        return chunks.stream().map(Chunk::text).toList();
    }

    /**
     * The estimated tokens of all inputs.
     *
     * @return the sum of the chunks' estimates
     */
    public int tokens() {
        return chunks.stream().mapToInt(Chunk::tokens).sum();
    }

    /**
     * The number of chunks.
     *
     * @return the number of inputs
     */
    public int size() {
        return chunks.size();
    }
}
