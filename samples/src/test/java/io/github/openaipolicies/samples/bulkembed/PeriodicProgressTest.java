// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicProgressTest {
    @Test
    void printsTheStatusLineEveryInterval() throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        PrintStream out = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String line) {
                lines.add(line);
            }
        };
        RunStats stats = new RunStats(10, System::nanoTime);
        stats.requestStarted();
        stats.attempt(429, false);
        stats.attempt(200, true);
        stats.requestSucceeded(4, 100);

        PeriodicProgress progress = new PeriodicProgress(out, stats, Duration.ofMillis(20));
        String first = lines.poll(10, TimeUnit.SECONDS);
        String second = lines.poll(10, TimeUnit.SECONDS);
        progress.close();

        assertThat(first).matches("embedded 4/10 chunks, failed 0, skipped files 0, \\d+\\.\\d chunks/s, ETA \\S+,"
            + " 429s so far: 1");
        assertThat(second).startsWith("embedded 4/10 chunks");
    }
}
