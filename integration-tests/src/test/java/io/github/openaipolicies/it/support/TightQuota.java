// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.JournalEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs many concurrent embedding calls against a deployment with a tight quota, and compares the 429s the simulator
 * served with and without a throttle gate, counted from its journal.
 */
public final class TightQuota {
    private static final int MIN_THROTTLED_WITHOUT_GATE = 10;

    private TightQuota() {
    }

    /**
     * The options of every client of these runs: retries enough that no call fails without the gate, the suite's
     * logging, and the default gate ({@link ThrottleGate#shared()}).
     *
     * @return new options
     */
    public static OpenAIPipelineOptions options() {
        return new OpenAIPipelineOptions()
            .setRetryOptions(ClientWiring.retryOptions().setMaxRetries(1_000).setTimeout(Duration.ofSeconds(60)))
            .setLoggingOptions(ClientWiring.loggingOptions());
    }

    /**
     * Sends {@code calls} embedding calls at once from as many threads, and checks that each one succeeded.
     *
     * @param client the client
     * @param deployment the deployment
     * @param calls how many calls
     * @throws Exception if a call failed
     */
    public static void runSync(OpenAIClient client, String deployment, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            List<Future<Embeddings>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                EmbeddingsOptions options = new EmbeddingsOptions(List.of("chunk " + i));
                futures.add(pool.submit(() -> client.getEmbeddings(deployment, options)));
            }
            for (Future<Embeddings> future : futures) {
                assertThat(future.get(60, TimeUnit.SECONDS).getData()).as(deployment).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Checks that both runs served every call, that the quota really throttled the run without the gate (at least 10
     * 429s), and that
     * the run with the gate saw at most {@code 1 / factor} of its 429s.
     *
     * @param simulator the simulator
     * @param off the deployment of the run without the gate
     * @param on the deployment of the run with the gate
     * @param calls the calls of each run
     * @param factor how many times fewer 429s the gate must see
     */
    public static void assertFewer429s(AzureOpenAISimulator simulator, String off, String on, int calls, int factor) {
        long throttledOff = count(simulator, off, 429);
        long throttledOn = count(simulator, on, 429);
        System.out.printf("429s served: %s=%d, %s=%d%n", off, throttledOff, on, throttledOn);
        assertThat(count(simulator, off, 200)).as("every call succeeded without the gate").isEqualTo(calls);
        assertThat(count(simulator, on, 200)).as("every call succeeded with the gate").isEqualTo(calls);
        // Not "more 429s than calls": on a loaded machine the calls without the gate trickle out and collect fewer.
        // A smaller count only makes the ratio below harder for the gate to meet.
        assertThat(throttledOff).as("the quota really throttled the calls without the gate")
            .isGreaterThanOrEqualTo(MIN_THROTTLED_WITHOUT_GATE);
        assertThat(throttledOn * factor).as("429s with the gate (%d) against without (%d), at most 1/%d", throttledOn,
                throttledOff, factor)
            .isLessThanOrEqualTo(throttledOff);
    }

    private static long count(AzureOpenAISimulator simulator, String deployment, int status) {
        return simulator.journal().entries(deployment).stream()
            .mapToInt(JournalEntry::status).filter(s -> s == status).count();
    }
}
