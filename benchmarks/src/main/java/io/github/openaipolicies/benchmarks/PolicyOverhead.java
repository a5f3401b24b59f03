package io.github.openaipolicies.benchmarks;

import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH benchmark: one embeddings call through a pipeline whose transport answers 200 at once (no network), so the
 * score is the cost of the policies. {@code pipeline} selects the policy set (see {@link OverheadPipelines}); the two
 * methods take the synchronous ({@code sendSync}) and the reactive ({@code send}) path. Each call reads the body, as a
 * client would, and closes the response.
 *
 * <p>Defaults are modest for a small machine (1 fork, 3 × 1 s warmup, 5 × 1 s measurement); override them on the
 * command line of {@link PolicyOverheadReport}.</p>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PolicyOverhead {
    /** The policy set under test: {@code bare}, {@code stock}, {@code ours} or {@code ours+gate}. */
    @Param({"bare", "stock", "ours", "ours+gate"})
    public String pipeline;

    private HttpPipeline httpPipeline;

    /** Creates the benchmark state; JMH sets {@link #pipeline} and calls {@link #setUp()}. */
    public PolicyOverhead() {
    }

    /** Builds the pipeline named by {@link #pipeline}. */
    @Setup
    public void setUp() {
        httpPipeline = OverheadPipelines.create(pipeline);
    }

    /**
     * One call on the synchronous path.
     *
     * @return the size of the body read, so the work cannot be eliminated
     */
    @Benchmark
    public int sendSync() {
        try (HttpResponse response = httpPipeline.sendSync(OverheadPipelines.newRequest(), Context.NONE)) {
            return checked(response).getBodyAsBinaryData().toBytes().length;
        }
    }

    /**
     * One call on the reactive path, blocked on by the harness.
     *
     * @return the size of the body read, so the work cannot be eliminated
     */
    @Benchmark
    public int sendAsync() {
        byte[] body = httpPipeline.send(OverheadPipelines.newRequest())
            .flatMap(response -> checked(response).getBodyAsByteArray().doFinally(signal -> response.close()))
            .block();
        return body.length;
    }

    private static HttpResponse checked(HttpResponse response) {
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("canned transport answered " + response.getStatusCode());
        }
        return response;
    }
}
