// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpPipeline;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.it.support.AddingCredentialPolicy;
import io.github.openaipolicies.it.support.Api;
import io.github.openaipolicies.it.support.AzureProfile;
import io.github.openaipolicies.it.support.Calls;
import io.github.openaipolicies.it.support.ClientMode;
import io.github.openaipolicies.it.support.ClientWiring;
import io.github.openaipolicies.it.support.CredentialKind;
import io.github.openaipolicies.it.support.HandBuiltPipeline;
import io.github.openaipolicies.it.support.JournalAssertions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The original failure, reproduced first: an import through a hand-built pipeline whose retry re-sends the same
 * request object and whose credential policy adds its header. The first throttle is retried with the credential
 * twice, the service answers 401, and the import dies. The same pipeline passed through
 * {@code OpenAIPipelines.harden(...)} gets through the throttle with one credential per attempt.
 *
 * <p>Both credential headers are covered: {@code Authorization: Bearer} from a token credential (the reported
 * case) and {@code api-key}.</p>
 */
class DuplicateAuthorizationOnRetryRegressionTest {
    private static final int CHUNKS = 3;
    /** The throttle of the reported case, shortened: Azure asked for 21 s; one is enough to show it. */
    private static final Duration THROTTLE = Duration.ofSeconds(1);

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator());

    static Stream<Arguments> pipelines() {
        return Stream.of(CredentialKind.TOKEN, CredentialKind.AZURE_KEY)
            .flatMap(credential -> Arrays.stream(ClientMode.values()).map(mode -> Arguments.of(credential, mode)));
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("pipelines")
    void withoutHardenTheRetryIsRejectedWith401(CredentialKind credential, ClientMode mode) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        simulator.injectFault(Fault.tooManyRequests(THROTTLE), 1);
        HttpPipeline handBuilt = HandBuiltPipeline.build(simulator.httpClient(), addingPolicy(credential));

        Throwable failure = catchThrowable(() -> importChunks(client(handBuilt), mode));

        assertThat(failure).isInstanceOf(HttpResponseException.class);
        assertThat(((HttpResponseException) failure).getResponse().getStatusCode()).isEqualTo(401);
        List<JournalEntry> entries = simulator.journal().entries();
        assertThat(entries).extracting(JournalEntry::status).containsExactly(429, 401);
        assertThat(entries.get(0).authHeaderValueCounts().get(credential.header())).isEqualTo(1);
        assertThat(entries.get(1).authHeaderValueCounts().get(credential.header()))
            .as("credential values on the retry of the same request object").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("pipelines")
    void afterHardenTheImportSurvivesThrottling(CredentialKind credential, ClientMode mode) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        simulator.injectFault(Fault.tooManyRequests(THROTTLE), 1);
        HttpPipeline hardened = OpenAIPipelines.harden(
            HandBuiltPipeline.build(simulator.httpClient(), addingPolicy(credential)),
            ClientWiring.retryOptions(), ClientWiring.loggingOptions());

        importChunks(client(hardened), mode);

        List<JournalEntry> entries = simulator.journal().entries();
        assertThat(entries).extracting(JournalEntry::status).containsExactly(429, 200, 200, 200);
        JournalAssertions.assertOneCredentialPerAttempt(entries, credential.header());
        JournalAssertions.assertSameBody(entries);
        assertThat(entries.get(1).arrivedAt()).as("the retry waited for the server's retry-after")
            .isAfterOrEqualTo(entries.get(0).arrivedAt().plus(THROTTLE).minus(JournalAssertions.TOLERANCE));
    }

    private static void importChunks(OpenAIClientBuilder client, ClientMode mode) {
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            Calls.invoke(client, mode, Api.EMBEDDINGS);
        }
    }

    private static OpenAIClientBuilder client(HttpPipeline pipeline) {
        return new OpenAIClientBuilder().endpoint(SIMULATOR.simulator().endpoint()).pipeline(pipeline);
    }

    private static AddingCredentialPolicy addingPolicy(CredentialKind credential) {
        return credential == CredentialKind.TOKEN
            ? AddingCredentialPolicy.bearerToken(ClientWiring.lambdaTokenCredential())
            : AddingCredentialPolicy.apiKey(AzureOpenAISimulator.DEFAULT_API_KEY);
    }

}
