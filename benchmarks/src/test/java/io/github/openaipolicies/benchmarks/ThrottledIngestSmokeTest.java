package io.github.openaipolicies.benchmarks;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Runs the ingest benchmark with tiny numbers so it cannot rot: every row, consistent counts, a table, CSV files. */
class ThrottledIngestSmokeTest {
    private static final int REQUESTS = 20;

    @Test
    void tinyThrottledRunReportsEveryRowConsistentlyWithTheJournal(@TempDir Path dir) throws IOException {
        // The sliding-window profile: Azure's 10 s request window would make this smoke test wait 10 s per row.
        IngestSettings settings = IngestSettings.parse("--profile", "sliding-window", "--requests",
            Integer.toString(REQUESTS), "--concurrency", "4", "--quota", "10", "--window", "2s", "--repeats", "1", "--rows", "stock,policies,gate",
            "--csv", dir.resolve("ingest.csv").toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        IngestReport report = ThrottledIngest.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));
        report.writeCsv();

        assertThat(report.runs()).extracting(RunResult::row).containsExactly("stock", "policies", "gate");
        for (RunResult run : report.runs()) {
            assertThat(run.completed() + run.failed()).as(run.row() + ": every request has one outcome")
                .isEqualTo(REQUESTS);
            assertThat(run.sent()).as(run.row() + ": journal requests = client attempts")
                .isEqualTo(run.clientAttempts());
            assertThat(run.throttled()).as(run.row() + ": journal 429s = client 429s").isEqualTo(run.clientThrottled());
            assertThat(run.sent() - run.throttled()).as(run.row() + ": journal successes").isEqualTo(run.completed());
        }
        // 4 callers would have to take over 800 ms per call to stay under 10 calls per 2 s: without a gate every run
        // meets 429s.
        assertThat(report.runs()).filteredOn(run -> !run.row().equals("gate"))
            .as("20 requests over a quota of 10 per window meet 429s")
            .allSatisfy(run -> assertThat(run.throttled()).isPositive());
        RunResult policies = report.runs("policies").get(0);
        assertThat(policies.completed()).isEqualTo(REQUESTS);
        assertThat(policies.goodput()).isBetween(0.0, 1.0);
        RunResult gate = report.runs("gate").get(0);
        assertThat(gate.completed()).as("the gate row loses no call").isEqualTo(REQUESTS);
        assertThat(gate.sent()).as("the gate row needs at least one attempt per call").isGreaterThanOrEqualTo(REQUESTS);

        assertThat(report.table().lines()).anySatisfy(line -> assertThat(line).startsWith("stock "))
            .anySatisfy(line -> assertThat(line).matches("policies +20 +0 .*"))
            .anySatisfy(line -> assertThat(line).matches("gate +20 +0 .*"))
            .noneSatisfy(line -> assertThat(line).contains("WARNING"));

        List<String> summary = Files.readAllLines(dir.resolve("ingest.csv"));
        assertThat(summary).hasSize(4);
        assertCsvRow(summary, "stock", report.runs("stock").get(0));
        assertCsvRow(summary, "policies", policies);
        assertCsvRow(summary, "gate", gate);
        List<String> runs = Files.readAllLines(dir.resolve("ingest-runs.csv"));
        assertThat(runs).hasSize(4);
        assertThat(runs.get(2)).startsWith("policies,1,20,0," + policies.sent() + "," + policies.throttled() + ",");
    }

    @Test
    void byDefaultTheSimulatorCountsRequestsOverAzuresTenSecondWindow() {
        IngestSettings settings = IngestSettings.parse("--quota", "2");
        try (AzureOpenAISimulator simulator = ThrottledIngest.simulator(settings).start()) {
            OpenAIClient client = IngestRunner.clientBuilder(simulator)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();
            EmbeddingsOptions options = new EmbeddingsOptions(List.of("a"));
            client.getEmbeddings(IngestRunner.DEPLOYMENT, options);
            client.getEmbeddings(IngestRunner.DEPLOYMENT, options);

            assertThatThrownBy(() -> client.getEmbeddings(IngestRunner.DEPLOYMENT, options))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(429);
                    assertThat(Integer.parseInt(e.getResponse().getHeaderValue(HttpHeaderName.RETRY_AFTER)))
                        .as("the wait until the 10 s window slides").isBetween(9, 10);
                });
        }
    }

    @Test
    void aTokenBoundRequestCostsTheSimulatorTheTokensTheSettingCountsOn() {
        IngestSettings settings = IngestSettings.parse("--setting", "token-bound");
        try (AzureOpenAISimulator simulator = ThrottledIngest.simulator(settings).start()) {
            OpenAIClient client = IngestRunner.clientBuilder(simulator)
                .buildClient();
            EmbeddingsOptions options = new IngestRunner(simulator, settings).options(3);

            Response<BinaryData> response = client.getEmbeddingsWithResponse(IngestRunner.DEPLOYMENT,
                BinaryData.fromObject(options), new RequestOptions());

            assertThat(options.getInput()).hasSize(8).allSatisfy(input -> assertThat(input).hasSize(400));
            assertThat(Long.parseLong(response.getHeaders().getValue(
                HttpHeaderName.fromString("x-ratelimit-remaining-tokens"))))
                .isEqualTo(settings.simulatorQuota().tokens() - settings.tokensPerRequest());
        }
    }

    @Test
    void sparseFaultsSendNoCounterOnAnyAnswerAndOnly429sWithWholeSeconds(@TempDir Path dir) {
        IngestSettings settings = IngestSettings.parse("--faults", "sparse", "--profile", "sliding-window",
            "--requests", Integer.toString(REQUESTS), "--concurrency", "4", "--quota", "10", "--window", "1s",
            "--repeats", "1", "--rows", "policies,gate", "--csv", dir.resolve("sparse.csv").toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        IngestReport report = ThrottledIngest.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

        String printed = progress.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("faults sparse: the simulator's 429s carry only a whole-second retry-after");
        assertThat(printed.lines().filter(line -> line.contains("answers with x-ratelimit-* or retry-after-ms")))
            .as("one count per run, each 0").containsExactly(
                "    answers with x-ratelimit-* or retry-after-ms: 0",
                "    answers with x-ratelimit-* or retry-after-ms: 0");
        assertThat(report.runs("policies").get(0).throttled()).as("the policies row met 429s: they said nothing either")
            .isPositive();
        assertThat(report.runs()).allSatisfy(run -> assertThat(run.completed()).isEqualTo(REQUESTS));
    }

    @Test
    void theSparseSimulatorAnswersWithoutCountersAndItsRefusalsWithWholeSecondsOnly() {
        IngestSettings clean = IngestSettings.parse("--profile", "sliding-window", "--quota", "1");
        IngestSettings sparse = IngestSettings.parse("--profile", "sliding-window", "--quota", "1", "--faults",
            "sparse");

        List<HttpHeaders> cleanAnswers = twoAnswers(clean);
        List<HttpHeaders> sparseAnswers = twoAnswers(sparse);

        assertThat(cleanAnswers).as("clean: the counters come").allMatch(AttemptCounter::hasRateLimitHeader);
        assertThat(sparseAnswers).as("sparse: a 200 and a 429 without a counter or retry-after-ms")
            .noneMatch(AttemptCounter::hasRateLimitHeader);
        assertThat(Integer.parseInt(sparseAnswers.get(1).getValue(HttpHeaderName.RETRY_AFTER))).isBetween(1, 2);
    }

    @Test
    void aLullRunsASteadyPhaseThenReportsTheBurstAfterThePauseApart(@TempDir Path dir) {
        // Azure's profile with room for every call: the two phases, not the quota, are what this checks.
        IngestSettings settings = IngestSettings.parse("--setting", "lull", "--requests", "40", "--concurrency", "4",
            "--pause", "200ms", "--repeats", "1", "--rows", "policies,gate", "--csv",
            dir.resolve("lull.csv").toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        IngestReport report = ThrottledIngest.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

        for (String row : List.of("policies", "gate")) {
            RunResult run = report.runs(row).get(0);
            assertThat(run.completed()).isEqualTo(40);
            assertThat(run.sent()).as(row + ": both phases in the run's journal").isEqualTo(40);
            assertThat(run.elapsed()).as(row + ": the run includes the pause").isGreaterThanOrEqualTo(
                Duration.ofMillis(200));
            assertThat(report.bursts(row)).singleElement().satisfies(burst -> {
                assertThat(burst.sent()).as(row + ": the burst alone, without the 10 steady calls").isEqualTo(30);
                assertThat(burst.completed()).isEqualTo(30);
                assertThat(burst.throttled()).isZero();
            });
        }
        assertThat(progress.toString(StandardCharsets.UTF_8))
            .contains("latency: the simulator answers every request after 200 ms")
            .contains("lull: 10 requests at 4 in flight, a pause of 0.200 s, then a burst of 30 requests")
            .contains("    burst: sent 30, 429s 0, 429 share 0.00, completed 30, failed 0");
        assertThat(report.table()).contains("The burst after the lull alone")
            .containsPattern("(?m)^gate +30 +0 +0\\.00 +0 ");
    }

    @Test
    void theLullsSimulatorTakesItsLatencyOverEveryAnswer() {
        IngestSettings settings = IngestSettings.parse("--setting", "lull");
        try (AzureOpenAISimulator simulator = ThrottledIngest.simulator(settings).start()) {
            IngestRunner.clientBuilder(simulator).buildClient().getEmbeddings(IngestRunner.DEPLOYMENT,
                new EmbeddingsOptions(List.of("a")));

            assertThat(simulator.journal().entries(IngestRunner.DEPLOYMENT)).singleElement()
                .satisfies(entry -> assertThat(entry.answerTime()).isEqualTo(Duration.ofMillis(200)));
        }
    }

    private static List<HttpHeaders> twoAnswers(IngestSettings settings) {
        try (AzureOpenAISimulator simulator = ThrottledIngest.simulator(settings).start()) {
            OpenAIClient client = IngestRunner.clientBuilder(simulator)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();
            BinaryData body = BinaryData.fromObject(new EmbeddingsOptions(List.of("a")));
            HttpHeaders first = client.getEmbeddingsWithResponse(IngestRunner.DEPLOYMENT, body, new RequestOptions())
                .getHeaders();
            HttpResponseException refused = catchThrowableOfType(HttpResponseException.class,
                () -> client.getEmbeddingsWithResponse(IngestRunner.DEPLOYMENT, body, new RequestOptions()));
            assertThat(refused.getResponse().getStatusCode()).isEqualTo(429);
            return List.of(first, refused.getResponse().getHeaders());
        }
    }

    @Test
    void rowOrderAlternatesBetweenRepeats() {
        List<String> rows = List.of("a", "b", "c");

        assertThat(ThrottledIngest.order(rows, 0)).containsExactly("a", "b", "c");
        assertThat(ThrottledIngest.order(rows, 1)).containsExactly("c", "b", "a");
        assertThat(ThrottledIngest.order(rows, 2)).containsExactly("a", "b", "c");
    }

    private static void assertCsvRow(List<String> csv, String row, RunResult run) {
        List<String> header = Arrays.asList(csv.get(0).split(","));
        String[] cells = csv.stream().filter(line -> line.startsWith(row + ",")).findFirst().orElseThrow().split(",");
        assertThat(cells[header.indexOf("completed_median")]).isEqualTo(Long.toString(run.completed()));
        assertThat(cells[header.indexOf("failed_median")]).isEqualTo(Long.toString(run.failed()));
        assertThat(cells[header.indexOf("sent_median")]).isEqualTo(Long.toString(run.sent()));
        assertThat(cells[header.indexOf("throttled_median")]).isEqualTo(Long.toString(run.throttled()));
        assertThat(cells[header.indexOf("requests")]).isEqualTo(Integer.toString(REQUESTS));
    }
}
