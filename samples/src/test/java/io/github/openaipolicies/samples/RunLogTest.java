// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunLogTest {
    @TempDir
    Path dir;

    @Test
    void theLogIsAppendedToWithAHeaderPerRun() throws IOException {
        Path log = dir.resolve("logs/bulk-embed.log");
        try (PrintStream first = RunLog.open(log, new String[] {"corpus", "--overwrite"})) {
            first.println("first run's line");
        }
        try (PrintStream second = RunLog.open(log, new String[] {"corpus"})) {
            second.println("second run's line");
        }

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("==== bulk-embed run started ").endsWith("args: corpus --overwrite ====");
        assertThat(lines.get(1)).isEqualTo("first run's line");
        assertThat(lines.get(2)).startsWith("==== bulk-embed run started ").endsWith("args: corpus ====");
        assertThat(lines.get(3)).isEqualTo("second run's line");
    }

    @Test
    void theLogIsWhereLogSaysElseBesideTheOutput() {
        assertThat(RunLog.pathFor(new String[] {"c", "--log", "/tmp/x.log", "--output", "/data/e.jsonl"}))
            .isEqualTo(Path.of("/tmp/x.log"));
        assertThat(RunLog.pathFor(new String[] {"c", "--output=/data/out/e.jsonl"}))
            .isEqualTo(Path.of("/data/out/bulk-embed.log"));
        assertThat(RunLog.pathFor(new String[] {"c"}))
            .isEqualTo(BulkEmbedOptions.defaultOutput().toAbsolutePath().normalize().resolveSibling("bulk-embed.log"));
    }
}
