// Licensed under the MIT License.
package io.github.openaipolicies.it;

import io.github.openaipolicies.it.support.Api;
import io.github.openaipolicies.it.support.AzureProfile;
import io.github.openaipolicies.it.support.ClientMode;
import io.github.openaipolicies.it.support.Construction;
import io.github.openaipolicies.it.support.CredentialKind;
import io.github.openaipolicies.it.support.EntraIdStub;
import io.github.openaipolicies.it.support.MatrixCase;
import io.github.openaipolicies.it.support.MatrixRunner;
import io.github.openaipolicies.it.support.Scenario;
import io.github.openaipolicies.it.support.Secrets;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.HttpClientKind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Every construction with both clients, both operations and every credential, on Azure's throttle answer (429 with
 * {@code retry-after-ms}) then 200, over Netty: the call succeeds on the second attempt, which carried exactly one
 * credential value, the same body, and came no earlier than the server asked.
 */
class CredentialMatrixTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator().bearerTokens(Secrets.bearerTokens()));

    @RegisterExtension
    static final EntraIdStub ENTRA_ID = new EntraIdStub();

    static Stream<MatrixCase> cases() {
        return Construction.azureCore().stream()
            .flatMap(construction -> Arrays.stream(ClientMode.values())
                .flatMap(mode -> Arrays.stream(Api.values())
                    .flatMap(api -> Arrays.stream(CredentialKind.values())
                        .map(credential -> new MatrixCase(construction, mode, api, HttpClientKind.NETTY, credential,
                            Scenario.AZURE_THROTTLE_THEN_OK)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void throttledCallSucceedsWithOneCredentialPerAttempt(MatrixCase matrixCase) {
        new MatrixRunner(SIMULATOR.simulator(), ENTRA_ID).run(matrixCase);
    }
}
