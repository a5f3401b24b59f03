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
import io.github.openaipolicies.it.support.Secrets;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.HttpClientKind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Every azure-core transport (Netty, OkHttp, JDK HttpClient) with every construction and both clients, on 429 then
 * 200: with the api-key credential on the Azure endpoint, and with the key credential on the api.openai.com shape
 * (which also proves each transport's redirection of api.openai.com to the simulator).
 */
class TransportMatrixTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator().bearerTokens(Secrets.bearerTokens()));

    static Stream<MatrixCase> cases() {
        return Arrays.stream(HttpClientKind.values())
            .flatMap(transport -> Construction.azureCore().stream()
                .flatMap(construction -> Arrays.stream(ClientMode.values())
                    .flatMap(mode -> Stream.of(CredentialKind.AZURE_KEY, CredentialKind.OPENAI_KEY)
                        .map(credential -> new MatrixCase(construction, mode, Api.EMBEDDINGS, transport, credential,
                            Scenario.AZURE_THROTTLE_THEN_OK)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void throttledCallSucceedsOnEveryTransport(MatrixCase matrixCase) {
        new MatrixRunner(SIMULATOR.simulator(), null).run(matrixCase);
    }
}
