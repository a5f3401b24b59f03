// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import org.springframework.ai.embedding.EmbeddingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Embedding calls through a Spring AI {@link EmbeddingModel}, one text per call, many at once (Spring AI's models
 * are synchronous).
 */
public final class SpringAiCalls {
    private SpringAiCalls() {
    }

    /**
     * Distinct texts to embed.
     *
     * @param count how many
     * @return the texts
     */
    public static List<String> texts(int count) {
        return IntStream.range(0, count).mapToObj(i -> "paragraph " + i + " of the handbook").toList();
    }

    /**
     * Embeds each text in a call of its own, {@code threads} calls at a time.
     *
     * @param model the model
     * @param texts the texts
     * @param threads how many calls at once
     * @return the vectors, in the order of the texts
     * @throws Exception if a call failed (the first failure), or took longer than a minute
     */
    public static List<float[]> embedConcurrently(EmbeddingModel model, List<String> texts, int threads)
        throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (String text : texts) {
                futures.add(pool.submit(() -> model.embed(text)));
            }
            List<float[]> vectors = new ArrayList<>();
            for (Future<float[]> future : futures) {
                vectors.add(future.get(60, TimeUnit.SECONDS));
            }
            return vectors;
        } finally {
            pool.shutdownNow();
        }
    }
}
