package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuBurnerTest {
    private static final Duration START = Duration.ofMinutes(1);

    @Test
    void itsThreadsSpinUntilItIsClosed() throws InterruptedException {
        CpuBurner burner = CpuBurner.start(2);
        try {
            assertThat(burner.awaitSpinning(START)).isEqualTo(2);
            assertThat(burner.alive()).as("spinning, not done").isEqualTo(2);
        } finally {
            burner.close();
        }

        assertThat(burner.alive()).as("closed: every thread ended").isZero();
    }

    @Test
    void noThreadsIsNoBurner() throws InterruptedException {
        try (CpuBurner burner = CpuBurner.start(0)) {
            assertThat(burner.awaitSpinning(Duration.ZERO)).isZero();
            assertThat(burner.alive()).isZero();
        }
        assertThatThrownBy(() -> CpuBurner.start(-1)).hasMessageContaining("--cpu-burn must not be negative");
    }

    @Test
    void aWorkersReadyLineSaysHowManyThreadsSpinInIt() {
        assertThat(DistributedWorker.readyLine(3)).startsWith(DistributedWorker.READY);
        assertThat(DistributedWorker.cpuBurnOf(DistributedWorker.readyLine(3))).isEqualTo(3);
        assertThat(DistributedWorker.cpuBurnOf(DistributedWorker.readyLine(0))).isZero();
        assertThatThrownBy(() -> DistributedWorker.cpuBurnOf("READY")).hasMessageContaining("not a READY line");
    }
}
