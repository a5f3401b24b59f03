// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.models.CompletionsFinishReason;
import io.github.openaipolicies.it.support.AzureProfile;
import io.github.openaipolicies.it.support.ClientMode;
import io.github.openaipolicies.it.support.ClientWiring;
import io.github.openaipolicies.it.support.Construction;
import io.github.openaipolicies.it.support.CredentialKind;
import io.github.openaipolicies.it.support.StreamCalls;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code getChatCompletionsStream} through {@code install}, {@code builder()} and {@code harden}, sync and async, with
 * body logging on and off: the chunks reach the caller while the stream is still being sent, a 429 before the stream
 * is retried, and a stream that breaks off midway is not retried (it is a partial answer the caller already has) and
 * ends in an error.
 */
class StreamingChatCompletionsTest {
    private static final String REPLY = "This is a simulated reply.";

    /** 8 pieces over 800 ms: the first leaves about 100 ms after the answer starts, the last no earlier than 800 ms. */
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SLOW_STREAM = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator().streaming(8, Duration.ofMillis(800)));

    /** The default pacing (a few pieces over tens of milliseconds), for the cases that do not time the stream. */
    @RegisterExtension
    static final AzureOpenAISimulatorExtension FAST_STREAM = new AzureOpenAISimulatorExtension(
        AzureProfile.simulator());

    static Stream<Arguments> cases() {
        return Construction.azureCore().stream()
            .flatMap(construction -> Arrays.stream(ClientMode.values())
                .flatMap(mode -> Stream.of(true, false).map(logBodies -> Arguments.of(construction, mode, logBodies))));
    }

    @ParameterizedTest(name = "{0} | {1} | body logging {2}")
    @MethodSource("cases")
    void theFirstChunkReachesTheCallerBeforeTheLastIsSent(Construction construction, ClientMode mode,
                                                          boolean logBodies) {
        AzureOpenAISimulator simulator = SLOW_STREAM.simulator();

        StreamCalls.Outcome outcome = StreamCalls.stream(builder(simulator, construction, logBodies), mode);

        assertThat(outcome.failure()).as("how the stream ended").isNull();
        assertThat(outcome.text()).isEqualTo(REPLY);
        assertThat(outcome.finishReasons()).containsExactly(CompletionsFinishReason.STOPPED);
        JournalEntry entry = assertThat(simulator.journal().entries()).singleElement().actual();
        assertThat(entry.operation()).isEqualTo(Operation.CHAT_COMPLETIONS);
        assertThat(entry.status()).isEqualTo(200);
        assertThat(outcome.firstChunkAt()).as("when the first chunk reached the caller")
            .isBefore(entry.lastByteNotBefore());
    }

    @ParameterizedTest(name = "{0} | {1} | body logging {2}")
    @MethodSource("cases")
    void aThrottleBeforeTheStreamIsRetried(Construction construction, ClientMode mode, boolean logBodies) {
        AzureOpenAISimulator simulator = FAST_STREAM.simulator();
        simulator.injectFault(Fault.tooManyRequests(Duration.ofMillis(100)), 1);

        StreamCalls.Outcome outcome = StreamCalls.stream(builder(simulator, construction, logBodies), mode);

        assertThat(outcome.failure()).as("how the stream ended").isNull();
        assertThat(outcome.text()).isEqualTo(REPLY);
        assertThat(simulator.journal().entries()).extracting(JournalEntry::status).containsExactly(429, 200);
    }

    @ParameterizedTest(name = "{0} | {1} | body logging {2}")
    @MethodSource("cases")
    void aStreamThatBreaksOffIsNotRetriedAndTheCallerGetsTheError(Construction construction, ClientMode mode,
                                                                 boolean logBodies) {
        AzureOpenAISimulator simulator = FAST_STREAM.simulator();
        simulator.injectFault(Fault.breakOff(), 1);

        StreamCalls.Outcome outcome = StreamCalls.stream(builder(simulator, construction, logBodies), mode);

        assertThat(outcome.failure()).as("how the stream ended").isNotNull()
            .hasStackTraceContaining("Connection prematurely closed");
        assertThat(outcome.chunks()).as("chunks delivered before the break").isNotEmpty();
        assertThat(outcome.finishReasons()).as("the stream never finished").isEmpty();
        assertThat(simulator.journal().entries()).extracting(JournalEntry::status).as("attempts")
            .containsExactly(200);
    }

    private static com.azure.ai.openai.OpenAIClientBuilder builder(AzureOpenAISimulator simulator,
                                                                   Construction construction, boolean logBodies) {
        return new ClientWiring(simulator, null).clientBuilder(construction, simulator.httpClient(),
            CredentialKind.AZURE_KEY, false, logBodies);
    }
}
