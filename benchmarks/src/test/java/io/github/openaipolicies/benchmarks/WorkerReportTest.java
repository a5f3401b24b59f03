package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.github.openaipolicies.benchmarks.RunTimelineTest.START;
import static io.github.openaipolicies.benchmarks.RunTimelineTest.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WorkerReportTest {

    @Test
    void aReportSurvivesItsLine() {
        WorkerReport report = new WorkerReport(148, 190, 40, START.plusNanos(21_500_000_123L),
            START.plusMillis(21_400), Map.of("HTTP 429", 2L, "TimeoutException", 1L));

        String line = report.toLine();

        assertThat(line).startsWith(WorkerReport.PREFIX).doesNotContain("\n")
            .contains("failures=HTTP+429:2,TimeoutException:1");
        assertThat(WorkerReport.parse(line)).isEqualTo(report);
        assertThat(WorkerReport.parse(line).failed()).isEqualTo(3);
        WorkerReport nothing = new WorkerReport(0, 5, 5, START, null, Map.of("HTTP 429", 5L));
        assertThat(WorkerReport.parse(nothing.toLine())).isEqualTo(nothing);
        WorkerReport clean = new WorkerReport(3, 3, 0, START, START, Map.of());
        assertThat(clean.toLine()).endsWith("failures=-");
        assertThat(WorkerReport.parse(clean.toLine())).isEqualTo(clean);
    }

    @Test
    void aLineThatIsNotAReportIsRefused() {
        assertThatThrownBy(() -> WorkerReport.parse("READY")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerReport.parse("RESULT completed=1 attempts=1"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RESULT completed=1");
        assertThatThrownBy(() -> WorkerReport.parse("RESULT completed=x attempts=1 throttled=0 end=0 lastSuccess=-"
            + " failures=-")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWorkersAreSummedAndTheJournalCountsTheWire() {
        Instant go = START;
        WorkerReport first = new WorkerReport(10, 13, 3, go.plusMillis(19_000), go.plusMillis(18_000),
            Map.of("HTTP 429", 1L));
        WorkerReport second = new WorkerReport(9, 12, 2, go.plusMillis(20_000), go.plusMillis(19_500),
            Map.of("HTTP 429", 1L, "TimeoutException", 1L));
        List<JournalEntry> journal = List.of(entry(0, 200), entry(1, 429), entry(2, 200), entry(3, 429),
            entry(4, 200));

        RunResult result = WorkerReport.combine("redis", 2, go, List.of(first, second), journal, 10,
            Duration.ofSeconds(10));

        assertThat(result.row()).isEqualTo("redis");
        assertThat(result.repeat()).isEqualTo(2);
        assertThat(result.completed()).isEqualTo(19);
        assertThat(result.failed()).isEqualTo(3);
        assertThat(result.failures()).containsExactlyInAnyOrderEntriesOf(
            Map.of("HTTP 429", 2L, "TimeoutException", 1L));
        assertThat(result.clientAttempts()).isEqualTo(25);
        assertThat(result.clientThrottled()).isEqualTo(5);
        assertThat(result.sent()).isEqualTo(5);
        assertThat(result.throttled()).isEqualTo(2);
        assertThat(result.elapsed()).as("from the start signal to the last worker's end")
            .isEqualTo(Duration.ofSeconds(20));
        assertThat(result.tail()).as("from the last success of any worker").isEqualTo(Duration.ofMillis(500));
        assertThat(result.goodput()).isCloseTo(19 / (10 * 3.0), within(1e-9));
    }

    @Test
    void withoutAnySuccessTheTailIsTheWholeRun() {
        WorkerReport failed = new WorkerReport(0, 1, 0, START.plusSeconds(4), null, Map.of("IOException", 1L));
        RunResult result = WorkerReport.combine("local", 0, START, List.of(failed), List.of(), 10,
            Duration.ofSeconds(10));
        assertThat(result.tail()).isEqualTo(Duration.ofSeconds(4));
        assertThatThrownBy(() -> WorkerReport.combine("local", 0, START, List.of(), List.of(), 10,
            Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class);
    }
}
