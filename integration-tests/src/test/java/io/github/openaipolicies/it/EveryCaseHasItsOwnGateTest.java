// Licensed under the MIT License.
package io.github.openaipolicies.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.openaipolicies.it.support.Api;
import io.github.openaipolicies.it.support.AzureProfile;
import io.github.openaipolicies.it.support.ClientMode;
import io.github.openaipolicies.it.support.ClientWiring;
import io.github.openaipolicies.it.support.Construction;
import io.github.openaipolicies.it.support.CredentialKind;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.HttpClientKind;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The matrix cases share one simulator and one deployment, so they must not share a gate: a case whose call got a
 * 429 asking for {@value #HOLD_SECONDS} s (above the retry policy's {@code maxRetryAfter}, so it fails at once, but
 * within a gate's 60 s default, so the gate holds the deployment for it) must leave the next case, built by the same
 * {@link ClientWiring}, free to call at once. On a shared gate the next call would fail in the gate, since the hold is
 * longer than its {@link ClientWiring#CALL_TIMEOUT}.
 */
class EveryCaseHasItsOwnGateTest {
    private static final int HOLD_SECONDS = 50;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(AzureProfile.simulator());

    @ParameterizedTest
    @EnumSource(Construction.class)
    void aCaseDoesNotInheritTheHoldOfTheCaseBeforeIt(Construction construction) {
        SIMULATOR.simulator().reset();
        ClientWiring wiring = new ClientWiring(SIMULATOR.simulator(), null);
        SIMULATOR.simulator().injectFault(Fault.tooManyRequests(Duration.ofSeconds(HOLD_SECONDS)), 1);
        Throwable first = catchThrowable(() -> wiring.invoke(construction, HttpClientKind.NETTY,
            CredentialKind.AZURE_KEY, false, ClientMode.SYNC, Api.EMBEDDINGS));
        assertThat(ClientWiring.statusOf(first)).as("the case before got the 429 and stopped: %s", first)
            .hasValue(429);

        Throwable next = catchThrowable(() -> wiring.invoke(construction, HttpClientKind.NETTY,
            CredentialKind.AZURE_KEY, false, ClientMode.SYNC, Api.EMBEDDINGS));
        assertThat(next).as("the next case's call, on a gate of its own").isNull();
        assertThat(SIMULATOR.simulator().journal().entries()).extracting(entry -> entry.status())
            .as("the 429 of the case before, then the next case's 200").containsExactly(429, 200);
    }
}
