package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A tiny ThrottledIngest run keeps every run's timeline, in agreement with its counts, and draws one panel per row. */
class ThrottledIngestChartTest {

    @Test
    void everyRunsTimelineAgreesWithTheJournalAndTheChartHasOnePanelPerRow(@TempDir Path dir) throws Exception {
        IngestSettings settings = IngestSettings.parse("--profile", "sliding-window", "--requests", "12",
            "--concurrency", "4", "--quota", "6", "--window", "1s", "--repeats", "2", "--rows", "stock-10,gate",
            "--csv", dir.resolve("t.csv").toString());
        Map<RunResult, RunTimeline> timelines = new IdentityHashMap<>();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        IngestReport report = ThrottledIngest.run(settings, quiet, timelines);

        assertThat(timelines).hasSize(4);
        for (RunResult run : report.runs()) {
            RunTimeline timeline = timelines.get(run);
            int successes = Arrays.stream(RunTimelineTest.successes(timeline)).sum();
            int throttled = Arrays.stream(RunTimelineTest.throttled(timeline)).sum();
            assertThat(successes).as(run.row() + ": successes in the timeline").isEqualTo(run.completed());
            assertThat(throttled).as(run.row() + ": 429s in the timeline").isEqualTo(run.throttled());
            assertThat(timeline.seconds(timeline.buckets())).as(run.row() + ": the timeline ends with the run")
                .isBetween(0.0, run.elapsed().toNanos() / 1e9 + 0.1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path png = ChartOption.extract().path(settings.csv());
        report.printAndWrite(new PrintStream(out, true, StandardCharsets.UTF_8), timelines, png,
            IngestChart.averageQuota(settings.goodputQuota(), settings.goodputWindow()));

        BufferedImage image = ImageIO.read(dir.resolve("t.png").toFile());
        assertThat(image.getWidth()).isEqualTo(RunChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(2 * RunChart.PANEL_HEIGHT);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Chart: " + png.toAbsolutePath());
    }
}
