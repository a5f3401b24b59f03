// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-case checks, read from the simulator's journal (what the server saw), not from the client.
 */
public final class JournalAssertions {
    /** How much earlier than asked a retry may arrive: clock granularity, nothing more. */
    public static final Duration TOLERANCE = Duration.ofMillis(50);

    private JournalAssertions() {
    }

    /**
     * Checks the attempts of one call: how many and with which status, exactly one credential value each in the
     * expected header, the same body every time, the expected operation, and no retry earlier than the server asked.
     *
     * @param entries the journal entries of the call, in order of arrival
     * @param expectedStatuses the status of each attempt ({@code 0}: connection reset)
     * @param credential the credential, which names the header that must carry it
     * @param api the operation called
     * @param scenario the scenario, which knows when a retry may come at the earliest
     */
    public static void assertAttempts(List<JournalEntry> entries, List<Integer> expectedStatuses,
        CredentialKind credential, Api api, Scenario scenario) {
        assertAttempts(entries, expectedStatuses, credential, expectedOperation(credential, api), scenario);
    }

    /**
     * Checks the attempts of one call, as {@link #assertAttempts(List, List, CredentialKind, Api, Scenario)} does,
     * against a given operation (openai-java's {@code /openai/v1/...} shape is an operation of its own).
     *
     * @param entries the journal entries of the call, in order of arrival
     * @param expectedStatuses the status of each attempt ({@code 0}: connection reset)
     * @param credential the credential, which names the header that must carry it
     * @param operation the operation the simulator must have recognised on every attempt
     * @param scenario the scenario, which knows when a retry may come at the earliest
     */
    public static void assertAttempts(List<JournalEntry> entries, List<Integer> expectedStatuses,
        CredentialKind credential, Operation operation, Scenario scenario) {
        assertThat(entries).extracting(JournalEntry::status)
            .as("status of each attempt, as the simulator answered it")
            .containsExactlyElementsOf(expectedStatuses);
        assertOneCredentialPerAttempt(entries, credential.header());
        assertThat(entries).extracting(JournalEntry::operation)
            .as("operation of each attempt")
            .containsOnly(operation);
        assertSameBody(entries);
        for (int i = 1; i < entries.size(); i++) {
            Instant refused = entries.get(i - 1).arrivedAt();
            Instant earliest = scenario.earliestRetry(refused);
            assertThat(entries.get(i).arrivedAt())
                .as("attempt %d arrived %d ms after attempt %d; the server allowed it %d ms after", i + 1,
                    Duration.between(refused, entries.get(i).arrivedAt()).toMillis(), i,
                    Duration.between(refused, earliest).toMillis())
                .isAfterOrEqualTo(earliest.minus(TOLERANCE));
        }
    }

    /**
     * Checks every attempt carried exactly one credential value, in the given header, and none in the other one.
     *
     * @param entries journal entries
     * @param header {@link JournalEntry#API_KEY} or {@link JournalEntry#AUTHORIZATION}
     */
    public static void assertOneCredentialPerAttempt(List<JournalEntry> entries, String header) {
        String other = JournalEntry.API_KEY.equals(header) ? JournalEntry.AUTHORIZATION : JournalEntry.API_KEY;
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.authHeaderValueCounts().get(header))
                .as("%s values on the attempt that arrived at %s", header, entry.arrivedAt()).isEqualTo(1);
            assertThat(entry.authHeaderValueCounts().get(other))
                .as("%s values on the attempt that arrived at %s", other, entry.arrivedAt()).isZero();
        });
    }

    /**
     * Checks every attempt carried the same, non-empty body.
     *
     * @param entries journal entries
     */
    public static void assertSameBody(List<JournalEntry> entries) {
        assertThat(entries).isNotEmpty();
        String first = entries.get(0).body();
        assertThat(first).as("request body").contains(Calls.INPUT);
        assertThat(entries).extracting(JournalEntry::body).as("request body of each attempt").containsOnly(first);
    }

    /**
     * The operation the simulator must have recognised.
     *
     * @param construction the construction: openai-java on {@code /openai/v1} sends the unified v1 shape
     * @param credential the credential, which decides the Azure or the api.openai.com shape
     * @param api the operation called
     * @return the journal's operation
     */
    public static Operation expectedOperation(Construction construction, CredentialKind credential, Api api) {
        if (construction == Construction.OPENAI_JAVA_V1) {
            return api == Api.EMBEDDINGS ? Operation.AZURE_V1_EMBEDDINGS : Operation.AZURE_V1_CHAT_COMPLETIONS;
        }
        return expectedOperation(credential, api);
    }

    /**
     * The operation the simulator must have recognised from an azure-ai-openai client (or openai-java on the
     * deployments path).
     *
     * @param credential the credential, which decides the Azure or the api.openai.com shape
     * @param api the operation called
     * @return the journal's operation
     */
    public static Operation expectedOperation(CredentialKind credential, Api api) {
        if (credential.azureEndpoint()) {
            return api == Api.EMBEDDINGS ? Operation.EMBEDDINGS : Operation.CHAT_COMPLETIONS;
        }
        return api == Api.EMBEDDINGS ? Operation.OPENAI_EMBEDDINGS : Operation.OPENAI_CHAT_COMPLETIONS;
    }
}
