// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTableTest {
    private static final RunStats.Snapshot STATS = new RunStats.Snapshot(100, 90, 10, 12, 11, 1, 20, 8, 7,
        1, 30_000, Duration.ofSeconds(30));

    @Test
    void showsEveryCountAndTheRatesAgainstTheQuota() {
        String table = SummaryTable.render("completed with failures", STATS,
            Optional.of(new Quota(10, 20_000, Duration.ofSeconds(10))), Path.of("out.jsonl"), 90);

        assertThat(table.lines()).allSatisfy(line -> assertThat(line).hasSameSizeAs(table.lines().findFirst().get()));
        assertThat(table).contains("| BulkEmbed ", "completed with failures",
            "| chunks             | 90 embedded of 100 ",
            "| failed chunks      | 10 ",
            "| requests           | 12 (11 succeeded, 1 failed) ",
            "| attempts           | 20 ",
            "| 429s received      | 7 ",
            "| retries            | 8 ",
            "| 401s               | 1 ",
            "| elapsed            | 30 s ",
            "| requests/min       | 22.0 (quota 60/min, 37%) ",
            "| tokens/min         | 60,000 (quota 120,000/min, 50%) ",
            Path.of("out.jsonl").toAbsolutePath() + " (90 lines)");
    }

    @Test
    void leavesTheQuotaOutWhenUnknown() {
        String table = SummaryTable.render("completed", STATS, Optional.empty(), Path.of("out.jsonl"), 90);

        assertThat(table).contains("| requests/min       | 22.0 ").doesNotContain("quota");
    }

    @Test
    void statusLineShowsProgressRateAndThrottling() {
        assertThat(ProgressReporter.statusLine(STATS))
            .isEqualTo("embedded 90/100 chunks, 3.0 chunks/s, 429s so far: 7");
    }
}
