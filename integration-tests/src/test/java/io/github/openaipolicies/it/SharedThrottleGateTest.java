// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIAsyncClient;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.http.policy.RetryPolicy;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.it.support.TightQuota;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate the helpers put in by default, through the real clients against a deployment that allows 20 requests per
 * one-second window: two clients built separately with {@code install} share {@link ThrottleGate#shared()}, and
 * {@code harden} puts it into a pipeline built by hand. Each test runs the same calls once with the gate off and
 * once with the default, on deployments no other test uses (the shared gate keeps what it learned for the JVM's
 * life), and counts the 429s from the simulator's journal.
 */
class SharedThrottleGateTest {
    private static final int CALLS_PER_CLIENT = 32;
    private static final int REQUESTS_PER_WINDOW = 20;
    private static final String TWO_CLIENTS_OFF = "shared-two-clients-gate-off";
    private static final String TWO_CLIENTS_ON = "shared-two-clients-gate-on";
    private static final String HARDEN_OFF = "shared-harden-gate-off";
    private static final String HARDEN_ON = "shared-harden-gate-on";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(TWO_CLIENTS_OFF, REQUESTS_PER_WINDOW, 0).deployment(TWO_CLIENTS_ON, REQUESTS_PER_WINDOW, 0)
            .deployment(HARDEN_OFF, REQUESTS_PER_WINDOW, 0).deployment(HARDEN_ON, REQUESTS_PER_WINDOW, 0)
            .window(Duration.ofSeconds(1)));

    @Test
    void twoClientsBuiltSeparatelyWithInstallShareTheJvmWideGate() {
        OpenAIPipelineOptions off = TightQuota.options().setThrottleGate(null);
        runTwoAsyncClients(installed(off), installed(off), TWO_CLIENTS_OFF);
        OpenAIPipelineOptions byDefault = TightQuota.options();
        assertThat(byDefault.getThrottleGate()).isSameAs(ThrottleGate.shared());
        runTwoAsyncClients(installed(byDefault), installed(TightQuota.options()), TWO_CLIENTS_ON);

        assertFewer429s(TWO_CLIENTS_OFF, TWO_CLIENTS_ON, 2 * CALLS_PER_CLIENT);
    }

    @Test
    void hardenPutsTheJvmWideGateIntoAPipelineBuiltByHand() throws Exception {
        TightQuota.runSync(hardened(TightQuota.options().setThrottleGate(null)), HARDEN_OFF, 2 * CALLS_PER_CLIENT);
        TightQuota.runSync(hardened(TightQuota.options()), HARDEN_ON, 2 * CALLS_PER_CLIENT);

        assertFewer429s(HARDEN_OFF, HARDEN_ON, 2 * CALLS_PER_CLIENT);
    }

    private static OpenAIAsyncClient installed(OpenAIPipelineOptions options) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClientBuilder builder = new OpenAIClientBuilder()
            .endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());
        return OpenAIPipelines.install(builder, options).buildAsyncClient();
    }

    /** A pipeline as an application builds it by hand (azure-core's retry, a key), hardened with the options. */
    private static OpenAIClient hardened(OpenAIPipelineOptions options) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        HttpPipeline byHand = new HttpPipelineBuilder()
            .httpClient(simulator.httpClient())
            .policies(new RetryPolicy(),
                new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY)))
            .build();
        return new OpenAIClientBuilder().endpoint(simulator.endpoint())
            .pipeline(OpenAIPipelines.harden(byHand, options)).buildClient();
    }

    private static void runTwoAsyncClients(OpenAIAsyncClient one, OpenAIAsyncClient two, String deployment) {
        List<Embeddings> results = Flux.range(0, 2 * CALLS_PER_CLIENT)
            .flatMap(i -> (i % 2 == 0 ? one : two)
                .getEmbeddings(deployment, new EmbeddingsOptions(List.of("chunk " + i))), 2 * CALLS_PER_CLIENT)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(results).as(deployment).hasSize(2 * CALLS_PER_CLIENT)
            .allSatisfy(embeddings -> assertThat(embeddings.getData()).hasSize(1));
    }

    /**
     * A third, not the fifth {@code ThrottleGateUnderTightQuotaTest} asks of one client: these tests are about the
     * wiring (the default gate is there and shared), and on a loaded 2-core machine the gate's 1 s counters and this
     * 1 s sliding window drift apart enough that one run in several saw a fifth of the 429s and a few more.
     */
    private static void assertFewer429s(String off, String on, int calls) {
        TightQuota.assertFewer429s(SIMULATOR.simulator(), off, on, calls, 3);
    }
}
