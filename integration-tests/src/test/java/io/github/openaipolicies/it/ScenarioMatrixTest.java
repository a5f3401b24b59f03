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
import java.util.List;
import java.util.stream.Stream;

/**
 * Every scenario on every azure-ai-openai construction with both clients (api-key credential, Netty, embeddings,
 * Azure's quota profile): throttles with {@code retry-after} in milliseconds, seconds or as an HTTP-date, the messy
 * 429s Azure has sent (no delay header, only a misspelt token-reset header, for capacity, an AIServices body), several
 * throttles in a row, a 503, a reset connection, a day-long {@code Retry-After} that must fail fast,
 * {@code insufficient_quota} and a wrong key that must not be retried.
 *
 * <p>The same scenarios run through openai-java in {@link ScenarioMatrixThroughOpenAIJavaTest}, on the cases of
 * {@link #openAIJavaCases()}: a class of its own only so that its rows run beside these (each class has its own
 * simulator; the rows of one class run one after the other).</p>
 */
class ScenarioMatrixTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator());

    /** openai-java rows: construction, mode and credential, each pair of values once. */
    private static final List<List<Object>> OPENAI_JAVA_ROWS = List.of(
        List.of(Construction.OPENAI_JAVA_V1, ClientMode.SYNC, CredentialKind.AZURE_KEY),
        List.of(Construction.OPENAI_JAVA_V1, ClientMode.ASYNC, CredentialKind.TOKEN),
        List.of(Construction.OPENAI_JAVA_DEPLOYMENTS, ClientMode.SYNC, CredentialKind.TOKEN),
        List.of(Construction.OPENAI_JAVA_DEPLOYMENTS, ClientMode.ASYNC, CredentialKind.AZURE_KEY));

    static Stream<MatrixCase> cases() {
        return Arrays.stream(Scenario.values())
            .flatMap(scenario -> Construction.azureCore().stream()
                .flatMap(construction -> Arrays.stream(ClientMode.values())
                    .map(mode -> new MatrixCase(construction, mode, Api.EMBEDDINGS, HttpClientKind.NETTY,
                        CredentialKind.AZURE_KEY, scenario))));
    }

    /**
     * Every scenario through openai-java ({@code OpenAIJavaPolicies.wrap}, openai-java's own retry at its default) on
     * both Azure URL shapes, sync and async, with an api-key and a bearer token supplier: four rows per scenario that
     * pair every shape with every mode and every credential (all pairs, not all triples, to keep the suite's time).
     * The wrong-key scenario runs on the two api-key rows only: it is about a refused api-key.
     *
     * @return the openai-java cases
     */
    static Stream<MatrixCase> openAIJavaCases() {
        return Arrays.stream(Scenario.values())
            .flatMap(scenario -> OPENAI_JAVA_ROWS.stream()
                .filter(row -> !scenario.usesWrongKey() || row.get(2) == CredentialKind.AZURE_KEY)
                .map(row -> new MatrixCase((Construction) row.get(0), (ClientMode) row.get(1), Api.EMBEDDINGS,
                    HttpClientKind.OKHTTP, (CredentialKind) row.get(2), scenario)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyScenarioEndsAsTheServerImplies(MatrixCase matrixCase) {
        new MatrixRunner(SIMULATOR.simulator(), null).run(matrixCase);
    }
}
