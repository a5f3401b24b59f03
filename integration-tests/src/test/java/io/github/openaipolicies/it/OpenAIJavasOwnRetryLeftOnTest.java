// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.errors.RateLimitException;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.it.support.Api;
import io.github.openaipolicies.it.support.AzureProfile;
import io.github.openaipolicies.it.support.ClientMode;
import io.github.openaipolicies.it.support.Construction;
import io.github.openaipolicies.it.support.CredentialKind;
import io.github.openaipolicies.it.support.OpenAIJavaCalls;
import io.github.openaipolicies.openai.OpenAIJavaPolicies;
import io.github.openaipolicies.openai.OpenAIJavaPolicyOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * openai-java's own retry left at its default (2 retries) above {@code OpenAIJavaPolicies.wrap}: a deployment that
 * answers 429 to every attempt sees exactly the policies' {@code maxRetries + 1} attempts of the call, not three times
 * as many (each of openai-java's tries running the policies' retries again), and the call ends with openai-java's
 * {@code RateLimitException}.
 */
class OpenAIJavasOwnRetryLeftOnTest {
    private static final int MAX_RETRIES = 3;
    /** More 429s than any number of attempts this test could make. */
    private static final int THROTTLES = 50;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator());

    @ParameterizedTest
    @EnumSource(ClientMode.class)
    void aCallThrottledOnEveryAttemptIsTriedMaxRetriesPlusOneTimes(ClientMode mode) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        simulator.reset();
        simulator.injectFault(Fault.tooManyRequests(Duration.ofMillis(20)), THROTTLES);
        OpenAIJavaPolicyOptions options = new OpenAIJavaPolicyOptions()
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(MAX_RETRIES).setBaseDelay(Duration.ofMillis(20))
                .setMaxDelay(Duration.ofMillis(100)))
            .setThrottleGate(ThrottleGate.create());
        ClientOptions clientOptions = OpenAIJavaCalls.clientOptions(simulator, Construction.OPENAI_JAVA_V1,
            OpenAIJavaPolicies.wrap(OpenAIJavaCalls.transport(simulator), options),
            OpenAIJavaCalls.credential(CredentialKind.AZURE_KEY, false));
        OpenAIClient client = new OpenAIClientImpl(clientOptions);
        try {
            assertThat(clientOptions.maxRetries()).as("openai-java's own maxRetries, left at its default")
                .isEqualTo(2);

            Throwable thrown = catchThrowable(() -> OpenAIJavaCalls.invoke(client, mode, Api.EMBEDDINGS));

            assertThat(thrown).as("how the call ended").isInstanceOf(RateLimitException.class);
            assertThat(simulator.journal().entries()).extracting(JournalEntry::status)
                .as("attempts the simulator saw").hasSize(MAX_RETRIES + 1).containsOnly(429);
        } finally {
            client.close();
        }
    }
}
