package io.github.openaipolicies.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.models.embeddings.CreateEmbeddingResponse;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH benchmark, the openai-java side of {@link PolicyOverhead}: one embeddings call through an openai-java client
 * whose transport answers 200 at once (no network), so the score is openai-java's own work per call plus that of the
 * pipeline's per-attempt wrapper ({@link OpenAIJavaOverheadPipelines}). The methods carry {@link PolicyOverhead}'s
 * names so the report puts them on the same paths: {@code sendSync} ({@code client.embeddings().create}) and
 * {@code sendAsync} ({@code client.async().embeddings().create}, joined by the harness). Each call parses the
 * response, as a client does. Ten warm-up iterations, not {@link PolicyOverhead}'s three: an openai-java call was
 * still getting faster after three on a 2-core machine (from 2.4 ms to 0.5 ms per async call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class OpenAIJavaOverhead {
    /**
     * The client under test: {@code openai-java} (a bare openai-java call). Not named {@code pipeline}, so that
     * {@code -p pipeline=...} selects among {@link PolicyOverhead}'s pipelines only.
     */
    @Param({"openai-java", "openai-java+ours", "openai-java+ours+gate"})
    public String client;

    private OpenAIClient openAIClient;
    private OpenAIClientAsync async;

    /** Creates the benchmark state; JMH sets {@link #client} and calls {@link #setUp()}. */
    public OpenAIJavaOverhead() {
    }

    /** Builds the client named by {@link #client} over a new canned transport. */
    @Setup
    public void setUp() {
        openAIClient = OpenAIJavaOverheadPipelines.create(client, new CannedOpenAIJavaHttpClient());
        async = openAIClient.async();
    }

    /** Closes the client. */
    @TearDown
    public void tearDown() {
        openAIClient.close();
    }

    /**
     * One call on the blocking path.
     *
     * @return the length of the vector parsed, so the work cannot be eliminated
     */
    @Benchmark
    public int sendSync() {
        return length(openAIClient.embeddings().create(OpenAIJavaOverheadPipelines.params()));
    }

    /**
     * One call on the async path, joined by the harness.
     *
     * @return the length of the vector parsed, so the work cannot be eliminated
     */
    @Benchmark
    public int sendAsync() {
        return length(async.embeddings().create(OpenAIJavaOverheadPipelines.params()).join());
    }

    private static int length(CreateEmbeddingResponse response) {
        return response.data().get(0).embedding().size();
    }
}
