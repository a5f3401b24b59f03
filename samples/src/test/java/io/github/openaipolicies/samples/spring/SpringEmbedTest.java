// Licensed under the MIT License.
package io.github.openaipolicies.samples.spring;

import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs SpringEmbed against a simulator with the sample's quota, so it never rots. */
class SpringEmbedTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, SpringEmbed.SIMULATOR_REQUESTS_PER_SECOND, 0)
            .window(Duration.ofSeconds(1)));

    @Test
    void everyTextIsEmbeddedThroughTheAutoConfiguredModel(AzureOpenAISimulator simulator) {
        SpringEmbed.Outcome outcome = SpringEmbed.run(
            Target.simulator(simulator, AzureOpenAISimulator.DEFAULT_DEPLOYMENT));

        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.embedded()).isEqualTo(SpringEmbed.TEXTS);
        assertThat(outcome.summary()).startsWith("SpringEmbed: 60 of 60 texts embedded through Spring AI's"
            + " EmbeddingModel (vector length 256, 8 calls at once) in ");
        assertThat(simulator.journal().count(200)).isEqualTo(SpringEmbed.TEXTS);
        assertThat(simulator.journal().count(401)).isZero();
        // one api-key value on every attempt
        assertThat(simulator.journal().entries()).allSatisfy(entry -> assertThat(entry.apiKeyValueCount())
            .isEqualTo(1));
        // the gate may pace the calls so that no 429 comes back at all
        assertThat(simulator.journal().entries()).extracting(JournalEntry::status).isSubsetOf(200, 429);
    }
}
