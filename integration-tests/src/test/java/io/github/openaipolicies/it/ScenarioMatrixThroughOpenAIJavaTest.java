// Licensed under the MIT License.
package io.github.openaipolicies.it;

import io.github.openaipolicies.it.support.AzureProfile;
import io.github.openaipolicies.it.support.MatrixCase;
import io.github.openaipolicies.it.support.MatrixRunner;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The openai-java rows of the scenario matrix ({@link ScenarioMatrixTest#openAIJavaCases()}), run by the same
 * {@link MatrixRunner} with the same journal assertions, on a simulator of their own so that they run beside the
 * azure-ai-openai rows.
 */
class ScenarioMatrixThroughOpenAIJavaTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator());

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.openaipolicies.it.ScenarioMatrixTest#openAIJavaCases")
    void everyScenarioEndsAsTheServerImplies(MatrixCase matrixCase) {
        new MatrixRunner(SIMULATOR.simulator(), null).run(matrixCase);
    }
}
