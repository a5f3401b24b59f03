package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.Quota;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributedSettingsTest {

    @Test
    void theDefaultsBindTheQuotaForThreeWindows() {
        DistributedSettings settings = DistributedSettings.parse();
        assertThat(settings.workers()).isEqualTo(4);
        assertThat(settings.requests()).isEqualTo(600);
        assertThat(settings.concurrency()).isEqualTo(16);
        assertThat(settings.rows()).containsExactly("local", "redis", "stock-10");
        assertThat(settings.profile()).isEqualTo(Quota.Profile.AZURE);
        assertThat(settings.simulatorQuota().requestsPerTenSeconds()).isEqualTo(200);
        assertThat(settings.chart()).isEqualTo(Path.of("target", "distributed-ingest.png"));
        assertThat(settings.layout().runsCsv()).isEqualTo(Path.of("target", "distributed-ingest-runs.csv"));
        assertThat(settings.redisUrl()).isNull();
        assertThat(settings.cpuBurn()).as("no burner unless asked for").isZero();
    }

    @Test
    void aCpuBurnerIsOneOptionAway() {
        assertThat(DistributedSettings.parse("--cpu-burn", "2").cpuBurn()).isEqualTo(2);
        assertThatThrownBy(() -> DistributedSettings.parse("--cpu-burn", "-1"))
            .hasMessageContaining("--cpu-burn must not be negative");
        assertThatThrownBy(() -> DistributedSettings.parse("--cpu-burn", "many"))
            .hasMessageContaining("--cpu-burn must be a whole number");
    }

    @Test
    void theRequestsAreSharedOutEvenly() {
        DistributedSettings settings = DistributedSettings.parse("--workers", "4", "--requests", "10");
        assertThat(new int[] {settings.requestsOf(0), settings.requestsOf(1), settings.requestsOf(2),
            settings.requestsOf(3)}).containsExactly(3, 3, 2, 2);
        DistributedSettings even = DistributedSettings.parse();
        assertThat(even.requestsOf(0)).isEqualTo(150);
        assertThat(even.requestsOf(3)).isEqualTo(150);
    }

    @Test
    void aWindowSwitchesToOneSlidingWindow() {
        DistributedSettings settings = DistributedSettings.parse("--window", "500ms", "--quota", "4", "--rows",
            "local", "--chart", "x.png", "--redis-url", "redis://h:1");
        assertThat(settings.profile()).isEqualTo(Quota.Profile.SLIDING_WINDOW);
        assertThat(settings.window()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.simulatorQuota()).isEqualTo(Quota.slidingWindow(4, 0, Duration.ofMillis(500)));
        assertThat(settings.rows()).containsExactly("local");
        assertThat(settings.chart()).isEqualTo(Path.of("x.png"));
        assertThat(settings.redisUrl()).isEqualTo("redis://h:1");
    }

    @Test
    void badOptionsAreRefusedByName() {
        assertThatThrownBy(() -> DistributedSettings.parse("--workers", "0")).hasMessageContaining("--workers");
        assertThatThrownBy(() -> DistributedSettings.parse("--workers", "4", "--requests", "3"))
            .hasMessageContaining("--requests must be at least --workers");
        assertThatThrownBy(() -> DistributedSettings.parse("--rows", "gate")).hasMessageContaining("unknown row");
        assertThatThrownBy(() -> DistributedSettings.parse("--rows", "local,local")).hasMessageContaining("twice");
        assertThatThrownBy(() -> DistributedSettings.parse("--frobnicate", "1")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> DistributedSettings.parse("--quota")).hasMessageContaining("needs a value");
    }
}
