// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.core.util.Context;
import com.azure.core.util.metrics.Meter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GateHoldRecorderTest {
    @Test
    void theGateHoldHistogramBecomesTheTotalAndTheLongestHoldInTheSummary() {
        RunStats stats = new RunStats(System::nanoTime);
        Meter meter = new GateHoldRecorder(stats).options().getProvider().createMeter("lib", "1", null);
        var holds = meter.createDoubleHistogram(GateHoldRecorder.GATE_HOLD, "holds", "s");
        var other = meter.createDoubleHistogram("openai.pipeline.server_delay", "delays", "s");
        var attributes = meter.createAttributes(Map.of("reason", "after_429"));

        holds.record(1.5, attributes, Context.NONE);
        holds.record(0.0, attributes, Context.NONE);
        holds.record(0.25, attributes, Context.NONE);
        other.record(30.0, attributes, Context.NONE);

        RunStats.Snapshot snapshot = stats.snapshot();
        assertThat(snapshot.gateHeld()).isEqualTo(Duration.ofMillis(1_750));
        assertThat(snapshot.longestHold()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(SummaryTable.render("completed", snapshot, Optional.empty(), Path.of("out.jsonl"), 0))
            .contains("| held in gate       | 1.750 s (summed over attempts) ", "| longest hold       | 1.500 s ");
        assertThat(meter.isEnabled()).as("the policies record only through an enabled meter").isTrue();
    }
}
