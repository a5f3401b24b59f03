// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalProgressTest {
    @Test
    void barShowsTaskChunksRateAndThrottling() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress progress = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 100);

        progress.update(new RunStats.Snapshot(100, 40, 0, 5, 4, 0, 9, 4, 4, 0, 8000, Duration.ofSeconds(10)));
        progress.close();

        String rendered = bytes.toString(StandardCharsets.UTF_8);
        assertThat(rendered).contains("Embedding", "40/100 chunks", "failed 0, 429s: 4");
    }
}
