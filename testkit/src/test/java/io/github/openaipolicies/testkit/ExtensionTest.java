package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.azure;
import static io.github.openaipolicies.testkit.SimulatorClients.embeddingsOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension runs one simulator per class, resets it before each test, and injects it as a parameter. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, 1, 0));

    private static int portOfFirstTest;

    @Test
    @Order(1)
    void firstTestFillsTheJournalAndUsesUpTheQuota(AzureOpenAISimulator simulator) {
        azure(simulator, HttpClientKind.NETTY).buildClient()
            .getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, embeddingsOf("hello"));
        portOfFirstTest = simulator.port();

        assertThat(simulator.journal().size()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void secondTestSeesAnEmptyJournalAndAFreshWindowOnTheSameSimulator(AzureOpenAISimulator simulator) {
        assertThat(simulator.journal().entries()).isEmpty();
        assertThat(simulator.port()).isEqualTo(portOfFirstTest);

        azure(simulator, HttpClientKind.NETTY).buildClient()
            .getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, embeddingsOf("hello again"));

        assertThat(simulator.journal().count(200)).as("the quota of 1 request was reset too").isEqualTo(1);
    }

    @Test
    @Order(3)
    void theParameterIsTheExtensionsSimulator(AzureOpenAISimulator simulator) {
        assertThat(simulator).isSameAs(SIMULATOR.simulator());
        assertThat(simulator.endpoint()).isEqualTo("https://localhost:" + simulator.port());
    }
}
