package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the real coordinator with two worker JVMs, the {@code local} row and a fast quota. */
class DistributedIngestSmokeTest {
    private static final int REQUESTS = 24;

    @Test
    void twoWorkersShareTheRequestsAndTheirTotalsAgreeWithTheJournal(@TempDir Path dir) throws Exception {
        DistributedSettings settings = DistributedSettings.parse("--workers", "2", "--requests",
            Integer.toString(REQUESTS), "--concurrency", "4", "--quota", "8", "--window", "1s", "--repeats", "1",
            "--rows", "local", "--csv", dir.resolve("d.csv").toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Map<RunResult, RunTimeline> timelines = new IdentityHashMap<>();

        IngestReport report = DistributedIngest.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8),
            timelines);

        assertThat(report.runs()).hasSize(1);
        RunResult run = report.runs().get(0);
        assertThat(run.row()).isEqualTo("local");
        assertThat(run.completed()).as("the local gate loses no call").isEqualTo(REQUESTS);
        assertThat(run.failed()).isZero();
        assertThat(run.sent()).as("journal requests = the workers' attempts").isEqualTo(run.clientAttempts());
        assertThat(run.throttled()).as("journal 429s = the workers' 429s").isEqualTo(run.clientThrottled());
        assertThat(run.sent() - run.throttled()).as("journal successes = completed calls").isEqualTo(run.completed());
        assertThat(run.elapsed().toMillis()).as("24 calls at 8 per second need two more windows after the first")
            .isGreaterThanOrEqualTo(1_900);
        RunTimeline timeline = timelines.get(run);
        int successes = Arrays.stream(RunTimelineTest.successes(timeline)).sum();
        int throttled = Arrays.stream(RunTimelineTest.throttled(timeline)).sum();
        assertThat(successes).isEqualTo(REQUESTS);
        assertThat(throttled).isEqualTo(run.throttled());
        assertThat(progress.toString(StandardCharsets.UTF_8))
            .contains("2 worker JVMs (12 each)").contains("run 1/1 local     completed 24, failed 0");

        report.writeCsv();
        assertThat(Files.readAllLines(dir.resolve("d-runs.csv")).get(1)).startsWith("local,1,24,0," + run.sent() + ",");
    }

    @Test
    void withACpuBurnerEveryWorkerSpinsItsThreadsAndStillReports(@TempDir Path dir) {
        DistributedSettings settings = DistributedSettings.parse("--workers", "1", "--requests", "8",
            "--concurrency", "4", "--quota", "8", "--window", "1s", "--repeats", "1", "--rows", "local",
            "--cpu-burn", "1", "--csv", dir.resolve("d.csv").toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        // The coordinator refuses a worker whose READY line names another number of spinning threads.
        IngestReport report = DistributedIngest.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8),
            new IdentityHashMap<>());

        RunResult run = report.runs().get(0);
        assertThat(run.completed()).isEqualTo(8);
        assertThat(run.failed()).isZero();
        assertThat(progress.toString(StandardCharsets.UTF_8))
            .contains("cpu burn: 1 spinning thread(s) in each worker JVM");
    }
}
