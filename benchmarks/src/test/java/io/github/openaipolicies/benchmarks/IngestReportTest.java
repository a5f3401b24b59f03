package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
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

    @Test
    void theBurstsOfALullArePrintedInATableOfTheirOwn() {
        IngestSettings settings = IngestSettings.parse("--setting", "lull", "--rows", "stock-10,gate", "--repeats",
            "3");
        List<RunResult> runs = List.of(run("stock-10", 0, 20_000), run("gate", 0, 20_000), run("gate", 1, 20_000),
            run("stock-10", 1, 20_000), run("stock-10", 2, 20_000), run("gate", 2, 20_000));
        Map<RunResult, LullBurst> bursts = new IdentityHashMap<>();
        int[] gateThrottled = {10, 50, 30};
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            long throttled = run.row().equals("gate") ? gateThrottled[run.repeat()] : 200;
            bursts.put(run, new LullBurst(500 + throttled, throttled, 500, 0, Duration.ofSeconds(20)));
        }

        String table = new IngestReport(settings, runs, "").withBursts(bursts).table();

        assertThat(table).contains("The burst after the lull alone")
            .containsPattern("stock-10 +700 +200 +0\\.29 +0 +20\\.0")
            .containsPattern("gate +530 \\[510-550\\] +30 \\[10-50\\] +0\\.06 \\[0\\.02-0\\.09\\] +0 +20\\.0");
        assertThat(new IngestReport(settings, runs, "").table()).as("no bursts, no burst table")
            .doesNotContain("burst");
    }

    @Test
    void aBurstCountsTheJournalFromItsStartOn() {
        Instant start = Instant.parse("2030-01-01T00:00:10Z");
        List<JournalEntry> journal = List.of(entry(start.minusSeconds(3), 200), entry(start.minusSeconds(3), 429),
            entry(start, 200), entry(start.plusMillis(1), 429), entry(start.plusSeconds(5), 200));

        LullBurst burst = LullBurst.of(journal, start, 2, 0, Duration.ofSeconds(5));

        assertThat(burst.sent()).isEqualTo(3);
        assertThat(burst.throttled()).isEqualTo(1);
        assertThat(burst.throttledShare()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(burst.progressLine()).contains("burst: sent 3, 429s 1, 429 share 0.33, completed 2, failed 0");
    }

    private static JournalEntry entry(Instant arrived, int status) {
        return new JournalEntry("d", Operation.EMBEDDINGS, status, Map.of(), arrived, "", "/", Duration.ZERO);
    }

    private static RunResult run(String row, int repeat, long elapsedMillis) {
        return new RunResult(row, repeat, 10, 0, 10, 0, 10, 0, Duration.ofMillis(elapsedMillis), Duration.ZERO, 1.0,
            Map.of());
    }
}
