package io.github.openaipolicies.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorMainOptionsTest {

    @Test
    void defaults() {
        SimulatorMain.Options options = SimulatorMain.Options.parse(new String[0]);

        assertThat(options.port).isZero();
        assertThat(options.key).isEqualTo(AzureOpenAISimulator.DEFAULT_API_KEY);
        assertThat(options.deployment).isEqualTo(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
        assertThat(options.windowSeconds).isEqualTo(60);
        assertThat(options.help).isFalse();
    }

    @Test
    void parsesEveryOption() {
        SimulatorMain.Options options = SimulatorMain.Options.parse(new String[] {"--port", "8443", "--key", "k",
            "--deployment", "d", "--rpm", "60", "--tpm", "1000", "--window-seconds", "10", "--dimensions", "32"});

        assertThat(options.port).isEqualTo(8443);
        assertThat(options.key).isEqualTo("k");
        assertThat(options.deployment).isEqualTo("d");
        assertThat(options.rpm).isEqualTo(60);
        assertThat(options.tpm).isEqualTo(1000);
        assertThat(options.windowSeconds).isEqualTo(10);
        assertThat(options.dimensions).isEqualTo(32);
    }

    @Test
    void windowIsAnAliasAndHelpIsAFlag() {
        SimulatorMain.Options options = SimulatorMain.Options.parse(new String[] {"--window", "5", "--help"});

        assertThat(options.windowSeconds).isEqualTo(5);
        assertThat(options.help).isTrue();
    }

    @Test
    void badOptionsAreExplained() {
        assertThatThrownBy(() -> SimulatorMain.Options.parse(new String[] {"--port"}))
            .hasMessageContaining("missing value for --port");
        assertThatThrownBy(() -> SimulatorMain.Options.parse(new String[] {"--rpm", "x"}))
            .hasMessageContaining("--rpm needs a whole number");
        assertThatThrownBy(() -> SimulatorMain.Options.parse(new String[] {"--port", "70000"}))
            .hasMessageContaining("--port must be from 0 to 65535");
        assertThatThrownBy(() -> SimulatorMain.Options.parse(new String[] {"--colour", "red"}))
            .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> SimulatorMain.Options.parse(new String[] {"--tpm", "999"}))
            .hasMessageContaining("--tpm must be 0 or at least 1000 with --profile azure");
        assertThatThrownBy(() -> SimulatorMain.Options.parse(new String[] {"--profile", "fixed"}))
            .hasMessageContaining("--profile must be azure or sliding-window");
    }
}
