package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpreadTest {

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleValues() {
        assertThat(Spread.of(9, 1, 5)).isEqualTo(new Spread(5, 1, 9));
        assertThat(Spread.of(4, 1, 3, 10)).isEqualTo(new Spread(3.5, 1, 10));
    }

    @Test
    void goodputIsOneWhenEveryWindowIsFullFromTheStart() {
        Duration window = Duration.ofSeconds(2);

        assertThat(RunResult.goodput(600, Duration.ofSeconds(28), 40, window)).isCloseTo(1.0, within(1e-9));
        assertThat(RunResult.goodput(600, Duration.ofSeconds(58), 40, window)).isCloseTo(0.5, within(1e-9));
        assertThat(RunResult.goodput(10, Duration.ZERO, 40, window)).isCloseTo(0.25, within(1e-9));
    }
}
