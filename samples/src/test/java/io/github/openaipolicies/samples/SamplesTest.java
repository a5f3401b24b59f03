// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the three copyable samples so they never rot. */
class SamplesTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    @Test
    void installIntoBuilderRetriesThroughTheThrottling(AzureOpenAISimulator simulator) {
        String result = InstallIntoBuilder.embed(simulator);

        assertThat(result).isEqualTo("InstallIntoBuilder: vector length 256 after 3 attempts (2 got 429)");
        assertThat(simulator.journal().count(200)).isEqualTo(1);
    }

    @Test
    void handBuiltPipelineSendsOneKeyPerAttempt(AzureOpenAISimulator simulator) {
        String result = HandBuiltPipeline.embed(simulator);

        assertThat(result).isEqualTo("HandBuiltPipeline: vector length 256 after 3 attempts, api-key values per"
            + " attempt [1, 1, 1], policies [RetryAfterPolicy, ThrottleGatePolicy, AzureKeyCredentialPolicy,"
            + " RequestLoggingPolicy, DedupeAuthPolicy]");
    }

    @Test
    void entraIdPipelineSendsOneTokenPerAttempt(AzureOpenAISimulator simulator) {
        String result = EntraIdPipeline.embed(simulator);

        assertThat(result).isEqualTo(
            "EntraIdPipeline: vector length 256 after 3 attempts, Authorization values per attempt [1, 1, 1]");
    }
}
