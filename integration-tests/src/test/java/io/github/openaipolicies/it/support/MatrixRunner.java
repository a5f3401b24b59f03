// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Runs one {@link MatrixCase} against a freshly reset simulator and checks the outcome and the journal.
 */
public final class MatrixRunner {
    /** A call that must fail fast has to end within this, a third of the configured call timeout. */
    public static final Duration FAIL_FAST_LIMIT = ClientWiring.CALL_TIMEOUT.dividedBy(3);

    private final AzureOpenAISimulator simulator;
    private final ClientWiring wiring;

    /**
     * Creates the runner.
     *
     * @param simulator the simulator
     * @param entraId the Entra ID stub, or null when no case uses {@link CredentialKind#CLIENT_SECRET}
     */
    public MatrixRunner(AzureOpenAISimulator simulator, EntraIdStub entraId) {
        this.simulator = simulator;
        this.wiring = new ClientWiring(simulator, entraId);
    }

    /**
     * Runs the case: arranges the scenario, makes the call, checks how it ended and what the simulator saw.
     *
     * @param matrixCase the case
     */
    public void run(MatrixCase matrixCase) {
        simulator.reset();
        Scenario scenario = matrixCase.scenario();
        scenario.arrange(simulator);

        Duration limit = scenario.failureStatus().isPresent() ? FAIL_FAST_LIMIT : ClientWiring.CALL_TIMEOUT;
        Throwable failure = assertTimeoutPreemptively(limit,
            () -> catchThrowable(() -> wiring.invoke(matrixCase.construction(), matrixCase.transport(),
                matrixCase.credential(), scenario.usesWrongKey(), matrixCase.mode(), matrixCase.api())),
            () -> "the call did not end within " + limit);

        if (scenario.failureStatus().isPresent()) {
            assertThat(ClientWiring.statusOf(failure)).as("status of the error the client threw: %s", failure)
                .hasValue(scenario.failureStatus().getAsInt());
        } else {
            assertThat(failure).as("how the call ended").isNull();
        }
        JournalAssertions.assertAttempts(simulator.journal().entries(),
            scenario.expectedStatuses(matrixCase.construction()), matrixCase.credential(),
            JournalAssertions.expectedOperation(matrixCase.construction(), matrixCase.credential(), matrixCase.api()),
            scenario);
    }
}
