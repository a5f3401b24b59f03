// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Groups chunks, in order, into batches bounded by a number of inputs and by estimated tokens.
 *
 * <p>A chunk estimated above the token bound on its own still gets a batch of its own; BulkEmbed prevents that by
 * requiring the chunk limit to be within the batch limit.</p>
 */
public final class Batcher {
    private final int maxInputs;
    private final int maxTokens;

    /**
     * Creates a batcher.
     *
     * @param maxInputs the most chunks in one batch, at least 1
     * @param maxTokens the most estimated tokens in one batch, at least 1
     * @throws IllegalArgumentException when a bound is less than 1
     */
    public Batcher(int maxInputs, int maxTokens) {
        if (maxInputs < 1) {
            throw new IllegalArgumentException("maxInputs must be at least 1: " + maxInputs);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1: " + maxTokens);
        }
        this.maxInputs = maxInputs;
        this.maxTokens = maxTokens;
    }

    /**
     * Groups chunks into batches.
     *
     * @param chunks the chunks, in the order to send them
     * @return the batches, numbered from 0; every chunk is in exactly one
     */
    public List<Batch> batch(List<Chunk> chunks) {
        List<Batch> batches = new ArrayList<>();
        batches(chunks.iterator()).forEachRemaining(batches::add);
        return batches;
    }

    /**
     * Groups chunks into batches as they are pulled: each batch takes from {@code chunks} only the chunks it holds
     * (and looks at the next one).
     *
     * @param chunks the chunks, in the order to send them
     * @return the batches, numbered from 0; every chunk is in exactly one
     */
    public Iterator<Batch> batches(Iterator<Chunk> chunks) {
        return new Iterator<>() {
            private Chunk pending;
            private int number;

            @Override
            public boolean hasNext() {
                return pending != null || chunks.hasNext();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Chunk> current = new ArrayList<>();
                long tokens = 0;
                while (pending != null || chunks.hasNext()) {
                    Chunk chunk = pending != null ? pending : chunks.next();
                    pending = null;
                    if (!current.isEmpty() && (current.size() == maxInputs || tokens + chunk.tokens() > maxTokens)) {
                        pending = chunk;
                        break;
                    }
                    current.add(chunk);
                    tokens += chunk.tokens();
                }
                return new Batch(number++, current);
            }
        };
    }
}
