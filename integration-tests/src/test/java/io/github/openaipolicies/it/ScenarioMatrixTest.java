// Licensed under the MIT License.
package io.github.openaipolicies.it;

import io.github.openaipolicies.it.support.Api;
import io.github.openaipolicies.it.support.AzureProfile;
import io.github.openaipolicies.it.support.ClientMode;
import io.github.openaipolicies.it.support.Construction;
import io.github.openaipolicies.it.support.CredentialKind;
import io.github.openaipolicies.it.support.MatrixCase;
import io.github.openaipolicies.it.support.MatrixRunner;
import io.github.openaipolicies.it.support.Scenario;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.HttpClientKind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Every scenario on every construction with both clients (api-key credential, Netty, embeddings, Azure's quota
 * profile): throttles with {@code retry-after} in milliseconds, seconds or as an HTTP-date, the messy 429s Azure has
 * sent (no delay header, only a misspelt token-reset header, for capacity, an AIServices body), several throttles in
 * a row, a 503, a reset
 * connection, a day-long {@code Retry-After} that must fail fast, {@code insufficient_quota} and a wrong key that must
 * not be retried.
 */
class ScenarioMatrixTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator());

    static Stream<MatrixCase> cases() {
        return Arrays.stream(Scenario.values())
            .flatMap(scenario -> Arrays.stream(Construction.values())
                .flatMap(construction -> Arrays.stream(ClientMode.values())
                    .map(mode -> new MatrixCase(construction, mode, Api.EMBEDDINGS, HttpClientKind.NETTY,
                        CredentialKind.AZURE_KEY, scenario))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyScenarioEndsAsTheServerImplies(MatrixCase matrixCase) {
        new MatrixRunner(SIMULATOR.simulator(), null).run(matrixCase);
    }
}
