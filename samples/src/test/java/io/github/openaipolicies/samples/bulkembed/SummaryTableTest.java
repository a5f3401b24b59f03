// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
    void statusLineShowsDoneFailedSkippedRateEtaAndThrottling() {
        // 100 done of 400 in 30 s: 300 left at the same pace is 90 s
        RunStats.Snapshot stats = new RunStats.Snapshot(400, 90, 10, 12, 11, 1, 20, 8, 7, 1, 30_000,
            Duration.ofSeconds(30), true, 1000, 1000, 3, Map.of(SkipReason.BINARY, 2L), 0);

        assertThat(ProgressReporter.statusLine(stats))
            .isEqualTo("embedded 90/400 chunks, failed 10, skipped files 2, 3.0 chunks/s, ETA 1m 30s, 429s so far: 7");
    }

    @Test
    void statusLineShowsReadingProgressAndAnEstimatedTotalWhileTheCorpusIsRead() {
        RunStats stats = new RunStats(System::nanoTime);
        stats.corpusListed(4, 4 * 1024 * 1024);
        stats.bytesRead(1024 * 1024);
        for (int i = 0; i < 25; i++) {
            stats.chunkMade();
        }

        assertThat(ProgressReporter.statusLine(stats.snapshot()))
            .startsWith("reading 25% of 4.0 MB, embedded 0/~100 chunks, failed 0, skipped files 0, ")
            .contains("ETA -");
    }

    @Test
    void summaryNamesTheListOfFailedChunksAndCountsSkippedFilesByReason() {
        RunStats.Snapshot stats = new RunStats.Snapshot(100, 90, 10, 12, 11, 1, 20, 8, 7, 1, 30_000,
            Duration.ofSeconds(30), true, 1000, 1000, 3, Map.of(SkipReason.BINARY, 2L, SkipReason.LINK_LOOP, 1L), 0);

        String table = SummaryTable.render("completed with failures", stats, Optional.empty(), Path.of("out.jsonl"),
            90, Optional.of(Path.of("failed.jsonl")));

        assertThat(table).contains("| failed chunks      | 10 (listed in " + Path.of("failed.jsonl").toAbsolutePath(),
            "| skipped files      | 3 (2 binary (NUL bytes), 1 symbolic link loop)");
    }
}
