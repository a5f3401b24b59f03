// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.it.support.TightQuota;
import io.github.openaipolicies.redis.RedisExtension;
import io.github.openaipolicies.redis.RedisThrottleGate;
import io.github.openaipolicies.redis.RedisThrottleGateOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four workers (each with its own gate and its own client, as separate processes would have) call one deployment
 * with a tight quota: once each with its own in-memory gate, once with a {@link RedisThrottleGate} each on one Redis.
 * The 429 share, from the simulator's journal, must drop to at most a third, and no call may fail.
 */
class ManyWorkersShareOneQuotaTest {
    private static final int WORKERS = 4;
    private static final int CALLS_PER_WORKER = 24;
    private static final int REQUESTS_PER_WINDOW = 20;
    private static final String SEPARATE = "workers-separate-gates";
    private static final String SHARED = "workers-redis-gate";
    private static final String WARM_UP = "workers-warm-up";

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(SEPARATE, REQUESTS_PER_WINDOW, 0).deployment(SHARED, REQUESTS_PER_WINDOW, 0)
            .deployment(WARM_UP, 0, 0)
            .window(Duration.ofSeconds(1)));

    @Test
    void workersOnOneRedisSeeAtMostAThirdOfThe429ShareOfSeparateGates() throws Exception {
        // A cold JVM answers its first calls slowly, which alone changes how many collide: warm up unthrottled first.
        runWorkers(WARM_UP, ThrottleGate::create);
        runWorkers(SEPARATE, ThrottleGate::create);
        List<RedisThrottleGate> redisGates = new ArrayList<>();
        runWorkers(SHARED, () -> {
            // A loaded machine must not turn coordination off: this test is about sharing, not timeouts.
            RedisThrottleGate gate = RedisThrottleGate.create(REDIS.newClient(),
                new RedisThrottleGateOptions().setCommandTimeout(Duration.ofSeconds(2)));
            redisGates.add(gate);
            return gate;
        });
        redisGates.forEach(RedisThrottleGate::close);

        int calls = WORKERS * CALLS_PER_WORKER;
        double separate = share429(SEPARATE, calls);
        double shared = share429(SHARED, calls);
        System.out.printf("429 share: %s=%.3f, %s=%.3f%n", SEPARATE, separate, SHARED, shared);
        assertThat(separate).as("the quota really throttled workers with separate gates").isGreaterThan(0.1);
        assertThat(shared).as("429 share on one Redis (%.3f) against separate gates (%.3f), at most a third",
            shared, separate).isLessThanOrEqualTo(separate / 3);
    }

    /** Starts the workers' calls all at once, each worker from its own threads, and waits for every one. */
    private static void runWorkers(String deployment, Supplier<ThrottleGate> gates) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS * CALLS_PER_WORKER);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                OpenAIClient worker = worker(gates.get());
                for (int c = 0; c < CALLS_PER_WORKER; c++) {
                    String input = "worker " + w + " chunk " + c;
                    done.add(CompletableFuture.runAsync(() -> assertThat(worker.getEmbeddings(deployment,
                        new com.azure.ai.openai.models.EmbeddingsOptions(List.of(input))).getData()).hasSize(1),
                        pool));
                }
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static OpenAIClient worker(ThrottleGate gate) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());
        return OpenAIPipelines.install(builder, TightQuota.options().setThrottleGate(gate)).buildClient();
    }

    private static double share429(String deployment, int calls) {
        List<JournalEntry> entries = SIMULATOR.simulator().journal().entries(deployment);
        long served = entries.stream().filter(e -> e.status() == 200).count();
        long throttled = entries.stream().filter(e -> e.status() == 429).count();
        assertThat(served).as("every call of %s succeeded", deployment).isEqualTo(calls);
        return (double) throttled / entries.size();
    }
}
