package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IngestChartTest {

    @Test
    void theRepresentativeRunIsTheMedianByElapsed() {
        RunResult fast = run(0, 10_000);
        RunResult middle = run(1, 12_000);
        RunResult slow = run(2, 30_000);
        assertThat(IngestChart.medianByElapsed(List.of(slow, fast, middle))).isSameAs(middle);
        assertThat(IngestChart.medianByElapsed(List.of(slow, run(3, 13_000), fast, middle))).isSameAs(middle);
        assertThat(IngestChart.medianByElapsed(List.of(slow))).isSameAs(slow);
        assertThatThrownBy(() -> IngestChart.medianByElapsed(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theQuotaLineIsTheWindowsAllowanceAveragedPerBucket() {
        RunChart.QuotaLine line = IngestChart.averageQuota(200, Duration.ofSeconds(10));
        assertThat(line.perBucket()).isCloseTo(2.0, within(1e-9));
        assertThat(line.legend()).isEqualTo("quota: 200 requests per 10 s (sliding window) = 2.0 per 100 ms on average");
    }

    @Test
    void theChartOptionIsTakenOutOfTheCommandLine() {
        ChartOption given = ChartOption.extract("--requests", "5", "--chart", "out/a.png", "--repeats", "1");
        assertThat(given.rest()).containsExactly("--requests", "5", "--repeats", "1");
        assertThat(given.path(Path.of("target", "x.csv"))).isEqualTo(Path.of("out/a.png"));
        assertThat(ChartOption.extract("--chart=b.png").path(Path.of("x.csv"))).isEqualTo(Path.of("b.png"));
        ChartOption absent = ChartOption.extract("--requests", "5");
        assertThat(absent.path(Path.of("target", "throttled-ingest.csv")))
            .isEqualTo(Path.of("target", "throttled-ingest.png"));
        assertThatThrownBy(() -> ChartOption.extract("--chart")).hasMessageContaining("--chart needs a value");
    }

    private static RunResult run(int repeat, long elapsedMillis) {
        return new RunResult("gate", repeat, 10, 0, 10, 0, 10, 0, Duration.ofMillis(elapsedMillis), Duration.ZERO, 1.0,
            Map.of());
    }
}
