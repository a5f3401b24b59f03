package io.github.openaipolicies.benchmarks;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.errors.RateLimitException;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The openai-java rows of {@link ThrottledIngest}: tiny runs against the simulator, counted against its journal. */
class OpenAIJavaRowsTest {
    private static final int REQUESTS = 20;

    @ParameterizedTest
    @ValueSource(strings = {"async", "sync"})
    void theOpenAIJavaRowsSendTheBenchmarkCallsToTheV1RouteAndCountEveryAttemptAsTheJournalDoes(String client) {
        IngestSettings settings = tiny(client, "openai-java,openai-java-10");

        try (AzureOpenAISimulator simulator = ThrottledIngest.simulator(settings).start()) {
            IngestRunner runner = new IngestRunner(simulator, settings);
            for (IngestRow row : IngestRows.select(settings.rows())) {
                RunResult run = runner.run(row, 0, REQUESTS);

                assertThat(run.completed() + run.failed()).as(row.name() + ": every call has one outcome")
                    .isEqualTo(REQUESTS);
                assertThat(run.throttled()).as(row.name() + ": 20 calls over 10 per 2 s meet 429s").isPositive();
                assertThat(run.sent()).as(row.name() + ": journal requests = client attempts")
                    .isEqualTo(run.clientAttempts());
                assertThat(run.throttled()).as(row.name() + ": journal 429s = client 429s")
                    .isEqualTo(run.clientThrottled());
                assertThat(run.sent() - run.throttled()).as(row.name() + ": journal successes")
                    .isEqualTo(run.completed());
                assertThat(run.failures().keySet()).as(row.name() + ": a call openai-java gives up on is a 429")
                    .isSubsetOf("HTTP 429");
                List<JournalEntry> entries = simulator.journal().entries(IngestRunner.DEPLOYMENT);
                assertThat(entries).as(row.name() + ": openai-java's Azure v1 route, the deployment as model")
                    .hasSize((int) run.sent())
                    .allSatisfy(entry -> assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_EMBEDDINGS));
                assertThat(entries).as(row.name() + ": the same inputs as the azure rows send")
                    .anySatisfy(entry -> assertThat(entry.body()).contains(IngestRunner.input(0, 0, 32)))
                    .anySatisfy(entry -> assertThat(entry.body()).contains(IngestRunner.input(REQUESTS - 1, 0, 32)));
            }
        }
    }

    @Test
    void theOpenAIJavaRowsShareTheTableWithTheAzureRows() {
        IngestSettings settings = tiny("async", "gate,openai-java-10");

        IngestReport report = ThrottledIngest.run(settings, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));

        assertThat(report.runs()).extracting(RunResult::row).containsExactly("gate", "openai-java-10");
        assertThat(report.table().lines())
            .anySatisfy(line -> assertThat(line).matches("gate +20 +0 .*"))
            .anySatisfy(line -> assertThat(line).startsWith("openai-java-10 "))
            .anySatisfy(line -> assertThat(line).contains("openai-java with 10 retries (maxRetries(10))"));
    }

    @Test
    void withMessyFaultsTheOpenAIJavaRowsMeetTheMessyShapesAndCountThem() {
        IngestSettings settings = IngestSettings.parse("--profile", "sliding-window", "--requests",
            Integer.toString(REQUESTS), "--concurrency", "4", "--quota", "10", "--window", "2s", "--repeats", "1",
            "--rows", "openai-java-10", "--faults", "messy");

        try (AzureOpenAISimulator simulator = ThrottledIngest.simulator(settings).start()) {
            IngestRunner runner = new IngestRunner(simulator, settings);
            RunResult run = runner.run(IngestRows.select(settings.rows()).get(0), 0, REQUESTS);

            String shapes = runner.lastMessyShapes();
            assertThat(shapes).as("the run went through the messy transport").isNotNull();
            long served = Arrays.stream(shapes.split(", "))
                .mapToLong(shape -> Long.parseLong(shape.substring(shape.lastIndexOf(' ') + 1))).sum();
            assertThat(served).as("every 429 the client saw came in a messy shape: " + shapes)
                .isEqualTo(run.clientThrottled()).isEqualTo(run.throttled()).isPositive();
        }
    }

    @Test
    void theAsyncCallsKeepAtMostTheConcurrencyInFlight() {
        IngestSettings settings = tiny("async", "openai-java-10");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        OpenAIJavaRow row = new OpenAIJavaRow("probe", "counts attempts in flight", transport -> new HttpClient() {
            @Override
            public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
                throw new UnsupportedOperationException("async only");
            }

            @Override
            public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return transport.executeAsync(request, requestOptions)
                    .whenComplete((response, error) -> inFlight.decrementAndGet());
            }

            @Override
            public void close() {
                transport.close();
            }
        }, options -> options.maxRetries(10));

        try (AzureOpenAISimulator simulator = ThrottledIngest.simulator(settings).start()) {
            RunResult run = new IngestRunner(simulator, settings).run(row, 0, REQUESTS);

            assertThat(run.completed()).isEqualTo(REQUESTS);
            assertThat(most.get()).as("attempts in flight at once, 4 calls in flight").isBetween(1, 4);
        }
    }

    @Test
    void aFailureIsNamedByItsStatusOrItsClass() {
        RateLimitException throttled = RateLimitException.builder().headers(Headers.builder().build()).build();

        assertThat(OpenAIJavaCalls.cause(throttled)).isEqualTo("HTTP 429");
        assertThat(OpenAIJavaCalls.cause(new CompletionException(throttled))).as("async: unwrapped")
            .isEqualTo("HTTP 429");
        assertThat(OpenAIJavaCalls.cause(new CompletionException(new IOException("reset"))))
            .isEqualTo("IOException");
    }

    @Test
    void theMessyOpenAIJavaTransportRewritesEvery429AndPassesEverythingElse() {
        long seed = System.nanoTime();
        System.out.println("theMessyOpenAIJavaTransportRewritesEvery429AndPassesEverythingElse seed " + seed);
        Headers simulator429 = Headers.builder().put("retry-after", "2").put("retry-after-ms", "1500")
            .put("x-ratelimit-remaining-requests", "0").put("apim-request-id", "id").build();
        HttpResponse success = new CannedOpenAIJavaResponse(200, Headers.builder().build(), new byte[0]);
        AtomicInteger calls = new AtomicInteger();
        MessyThrottleOpenAIJavaClient messy = new MessyThrottleOpenAIJavaClient(fixed(request ->
            calls.getAndIncrement() % 2 == 0 ? new CannedOpenAIJavaResponse(429, simulator429, new byte[0]) : success),
            seed);
        HttpRequest request = HttpRequest.builder().method(HttpMethod.POST).baseUrl("https://localhost").build();

        int throttled = 0;
        int withMillis = 0;
        for (int i = 0; i < 400; i++) {
            HttpResponse response = i % 4 == 0 ? messy.execute(request, RequestOptions.none())
                : messy.executeAsync(request, RequestOptions.none()).join();
            if (response.statusCode() == 200) {
                assertThat(response).as("a success passes unchanged").isSameAs(success);
                continue;
            }
            throttled++;
            assertThat(response.headers().values("apim-request-id")).as("seed %d", seed).containsExactly("id");
            List<String> millis = response.headers().values("retry-after-ms");
            assertThat(millis).as("seed %d: the simulator's delay is dropped unless the shape sends it", seed)
                .isIn(List.of(), List.of("1500"));
            withMillis += millis.isEmpty() ? 0 : 1;
        }

        long served = messy.served().values().stream().mapToLong(Long::longValue).sum();
        assertThat(served).as("seed %d", seed).isEqualTo(throttled).isEqualTo(200);
        assertThat(withMillis).as("seed %d: clean and capacity 429s keep retry-after-ms", seed)
            .isEqualTo(messy.served().get(MessyThrottle.Shape.CLEAN) + messy.served().get(MessyThrottle.Shape.CAPACITY));
    }

    private static IngestSettings tiny(String client, String rows) {
        // The sliding-window profile: Azure's 10 s request window would make a row wait 10 s.
        return IngestSettings.parse("--profile", "sliding-window", "--requests", Integer.toString(REQUESTS),
            "--concurrency", "4", "--quota", "10", "--window", "2s", "--repeats", "1", "--rows", rows,
            "--client", client);
    }

    private static HttpClient fixed(Function<HttpRequest, HttpResponse> answer) {
        return new HttpClient() {
            @Override
            public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
                return answer.apply(request);
            }

            @Override
            public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
                return CompletableFuture.completedFuture(answer.apply(request));
            }

            @Override
            public void close() {
            }
        };
    }
}
