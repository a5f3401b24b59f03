// Licensed under the MIT License.
package io.github.openaipolicies.benchmarks;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.HttpClientKind;
import io.github.openaipolicies.testkit.Quota;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Benchmark: the heap a long throttled run leaves behind. Sends {@code --calls} embeddings calls (default 10,000),
 * {@code --in-flight} at a time (default 256), through one async client set up by {@code OpenAIPipelines.install}
 * (retry, the shared throttle gate, logging, dedupe) against the simulator with a sliding-window quota that throttles
 * the run. Then it closes the simulator (whose journal keeps every request by design), forces garbage collections until
 * the used heap reading is stable, and reports the used heap against {@code --bound-mib} (default 32) as PASS or FAIL
 * (exit status 1 on FAIL). The client stays reachable until after the reading, so whatever it and its policies hold
 * is counted.
 *
 * <p>Run: {@code mvn -pl benchmarks -am -q package -DskipTests && mvn -pl benchmarks exec:exec@soak-heap
 * -Dsoak.args="--calls 10000 --in-flight 256 --bound-mib 32"}.</p>
 */
public final class SoakHeap {
    private static final String DEPLOYMENT = "emb";
    private static final int STABLE_WITHIN_BYTES = 512 * 1024;

    private SoakHeap() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --calls N}, {@code --in-flight N}, {@code --bound-mib N}
     * @throws InterruptedException if interrupted while waiting for the heap to settle
     */
    public static void main(String[] args) throws InterruptedException {
        int calls = intArg(args, "--calls", 10_000);
        int inFlight = intArg(args, "--in-flight", 256);
        long boundMib = intArg(args, "--bound-mib", 32);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
            .deployment(Deployment.embeddings(DEPLOYMENT, "text-embedding-3-small")
                .withQuota(Quota.slidingWindow(400, 10_000_000, Duration.ofSeconds(1))))
            .start();
        OpenAIAsyncClient client = OpenAIPipelines.install(new OpenAIClientBuilder()
                .endpoint(simulator.endpoint())
                .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
                .httpClient(simulator.httpClient(HttpClientKind.NETTY)),
            new RetryAfterOptions().setMaxRetries(30).setTimeout(Duration.ofMinutes(5)))
            .buildAsyncClient();

        long baseline = settledUsedHeap(memory);
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        Flux.range(0, calls)
            .flatMap(i -> client.getEmbeddings(DEPLOYMENT, new EmbeddingsOptions(List.of("soak heap call " + i)))
                .then()
                .onErrorResume(error -> {
                    failed.incrementAndGet();
                    return Mono.empty();
                }), inFlight)
            .blockLast();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long requests = simulator.journal().size();
        long throttled = simulator.journal().count(429);
        simulator.close();
        simulator = null;

        long used = settledUsedHeap(memory);
        Reference.reachabilityFence(client);
        boolean pass = used <= boundMib * 1024 * 1024 && failed.get() == 0;
        System.out.printf("SoakHeap: %d calls at %d in flight in %d s: %d requests, %d throttled (429), %d failed%n",
            calls, inFlight, elapsed.toSeconds(), requests, throttled, failed.get());
        System.out.printf("SoakHeap: used heap after forced GC %.1f MiB (before the run %.1f MiB), bound %d MiB: %s%n",
            mib(used), mib(baseline), boundMib, pass ? "PASS" : "FAIL");
        if (!pass) {
            System.exit(1);
        }
    }

    /** Collects until two readings of the used heap, 200 ms apart, differ by less than 512 KiB (at most 20 tries). */
    private static long settledUsedHeap(MemoryMXBean memory) throws InterruptedException {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(200);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < STABLE_WITHIN_BYTES) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
