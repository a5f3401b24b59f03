package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.azure;
import static io.github.openaipolicies.testkit.SimulatorClients.embeddingsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the journal records for each request, and in which order. */
class JournalTest {

    private static final String EMBEDDINGS = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;
    private static final String CHAT = "chat-deployment";
    private static final TestClock CLOCK = TestClock.atSomeWholeSecond();

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(EMBEDDINGS, 0, 0).deployment(CHAT, 0, 0).clock(CLOCK));

    @Test
    void anEntryRecordsDeploymentOperationStatusCredentialsBodyPathAndArrival() {
        Instant sentAt = CLOCK.instant();

        client().getEmbeddings(EMBEDDINGS, embeddingsOf("journal me"));

        assertThat(SIMULATOR.simulator().journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.deployment()).isEqualTo(EMBEDDINGS);
            assertThat(entry.operation()).isEqualTo(Operation.EMBEDDINGS);
            assertThat(entry.status()).isEqualTo(200);
            assertThat(entry.apiKeyValueCount()).isEqualTo(1);
            assertThat(entry.authorizationValueCount()).isZero();
            assertThat(entry.authHeaderValueCounts())
                .containsExactlyInAnyOrderEntriesOf(Map.of(JournalEntry.API_KEY, 1, JournalEntry.AUTHORIZATION, 0));
            assertThat(entry.body()).contains("\"journal me\"");
            assertThat(entry.path()).startsWith("/openai/deployments/" + EMBEDDINGS + "/embeddings?")
                .contains("api-version=");
            assertThat(entry.arrivedAt()).isEqualTo(sentAt);
        });
    }

    @Test
    void entriesAreInOrderOfArrivalWithTheirClockTimes() {
        OpenAIClient client = client();
        client.getEmbeddings(EMBEDDINGS, embeddingsOf("first"));
        CLOCK.advance(Duration.ofMillis(250));
        client.getChatCompletions(CHAT, new ChatCompletionsOptions(List.of(new ChatRequestUserMessage("second"))));
        CLOCK.advance(Duration.ofMillis(250));
        catchThrowable(() -> client.getEmbeddings("unknown", embeddingsOf("third")));

        List<JournalEntry> entries = SIMULATOR.simulator().journal().entries();

        assertThat(entries).extracting(JournalEntry::operation)
            .containsExactly(Operation.EMBEDDINGS, Operation.CHAT_COMPLETIONS, Operation.EMBEDDINGS);
        assertThat(entries).extracting(JournalEntry::deployment).containsExactly(EMBEDDINGS, CHAT, "unknown");
        assertThat(entries).extracting(JournalEntry::status).containsExactly(200, 200, 404);
        assertThat(entries.get(0).body()).contains("first");
        assertThat(entries.get(1).body()).contains("second");
        assertThat(entries.get(2).body()).contains("third");
        assertThat(Duration.between(entries.get(0).arrivedAt(), entries.get(2).arrivedAt()))
            .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void queriesFilterByDeploymentAndCountByStatus() {
        OpenAIClient client = client();
        client.getEmbeddings(EMBEDDINGS, embeddingsOf("a"));
        client.getEmbeddings(EMBEDDINGS, embeddingsOf("b"));
        catchThrowable(() -> client.getEmbeddings("unknown", embeddingsOf("c")));

        Journal journal = SIMULATOR.simulator().journal();

        assertThat(journal.size()).isEqualTo(3);
        assertThat(journal.entries(EMBEDDINGS)).hasSize(2);
        assertThat(journal.entries("unknown")).singleElement()
            .satisfies(entry -> assertThat(entry.status()).isEqualTo(404));
        assertThat(journal.count(200)).isEqualTo(2);
        assertThat(journal.count(404)).isEqualTo(1);
        assertThat(journal.countsByStatus()).containsExactly(Map.entry(200, 2L), Map.entry(404, 1L));
    }

    @Test
    void theJournalIsASnapshot() {
        List<JournalEntry> before = SIMULATOR.simulator().journal().entries();

        client().getEmbeddings(EMBEDDINGS, embeddingsOf("later"));

        assertThat(before).isEmpty();
        assertThat(SIMULATOR.simulator().journal().entries()).hasSize(1);
    }

    private static OpenAIClient client() {
        return azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildClient();
    }
}
