package io.github.openaipolicies.benchmarks;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import io.github.openaipolicies.ThrottleGatePolicy;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestRowsTest {

    @Test
    void theGateRowAsksAThrottleGateAndThePoliciesRowDoesNot() {
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder().start()) {
            assertThat(admissionsSeen(simulator, "gate")).as("gate: every attempt went through a throttle gate")
                .containsExactly(true);
            assertThat(admissionsSeen(simulator, "policies")).as("policies: the gate is off")
                .containsExactly(false);
        }
    }

    @Test
    void everyRunOfTheGateRowGetsANewGateOfItsOwn() {
        ThrottleGate first = IngestRows.gateOptions().getThrottleGate();
        ThrottleGate second = IngestRows.gateOptions().getThrottleGate();

        assertThat(first).isNotSameAs(second).isNotSameAs(ThrottleGate.shared());
    }

    @Test
    void rowsAreListedInTheirDefaultOrder() {
        assertThat(IngestRows.names()).containsExactly("stock", "stock-10", "policies", "gate", "openai-java",
            "openai-java-10", "openai-java+gate");
    }

    /** Runs one call through the row; a probe added before the row's policies sees what they put in the context. */
    private static List<Boolean> admissionsSeen(AzureOpenAISimulator simulator, String rowName) {
        List<Boolean> seen = new ArrayList<>();
        HttpPipelineSyncPolicy probe = new HttpPipelineSyncPolicy() {
            @Override
            protected HttpResponse afterReceivedResponse(HttpPipelineCallContext context, HttpResponse response) {
                seen.add(context.getData(ThrottleGatePolicy.ADMISSION_CONTEXT_KEY).isPresent());
                return response;
            }
        };
        OpenAIClientBuilder builder = IngestRunner.clientBuilder(simulator).addPolicy(probe);
        IngestRows.azure(rowName).configure().apply(builder).buildClient()
            .getEmbeddings(IngestRunner.DEPLOYMENT, new EmbeddingsOptions(List.of("probe")));
        return seen;
    }
}
