package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IngestReportTest {

    @Test
    void elapsedIsComparedWithStock10RepeatByRepeat() {
        IngestSettings settings = IngestSettings.parse("--rows", "stock-10,gate", "--repeats", "2");
        IngestReport report = new IngestReport(settings, List.of(
            run("stock-10", 0, 20_000), run("gate", 0, 21_000),
            run("gate", 1, 19_000), run("stock-10", 1, 20_000)), "");

        assertThat(report.elapsedRatios("gate", "stock-10")).satisfiesExactly(
            first -> assertThat(first).isCloseTo(1.05, within(1e-9)),
            second -> assertThat(second).isCloseTo(0.95, within(1e-9)));
        assertThat(report.table()).contains("elapsed gate / stock-10 per repeat: 1.050 0.950")
            .doesNotContain("elapsed stock-10 / stock-10");
    }

    private static RunResult run(String row, int repeat, long elapsedMillis) {
        return new RunResult(row, repeat, 10, 0, 10, 0, 10, 0, Duration.ofMillis(elapsedMillis), Duration.ZERO, 1.0,
            Map.of());
    }
}
