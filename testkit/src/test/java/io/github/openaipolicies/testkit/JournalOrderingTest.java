package io.github.openaipolicies.testkit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JournalOrderingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void entriesRecordedOutOfOrderAreListedByArrival() {
        Journal journal = new Journal();
        journal.record(entry("b", 200, T0.plusMillis(2)));
        journal.record(entry("a", 429, T0.plusMillis(1)));
        journal.record(entry("c", 200, T0.plusMillis(3)));

        assertThat(journal.entries()).extracting(JournalEntry::deployment).containsExactly("a", "b", "c");
    }

    @Test
    void countsByStatusAndByDeployment() {
        Journal journal = new Journal();
        journal.record(entry("a", 200, T0));
        journal.record(entry("a", 429, T0));
        journal.record(entry("b", 200, T0));
        journal.record(entry("b", 0, T0));

        assertThat(journal.size()).isEqualTo(4);
        assertThat(journal.count(200)).isEqualTo(2);
        assertThat(journal.count(0)).isEqualTo(1);
        assertThat(journal.countsByStatus()).containsExactly(Map.entry(0, 1L), Map.entry(200, 2L), Map.entry(429, 1L));
        assertThat(journal.entries("b")).extracting(JournalEntry::status).containsExactly(200, 0);
    }

    @Test
    void clearEmptiesTheJournal() {
        Journal journal = new Journal();
        journal.record(entry("a", 200, T0));
        journal.clear();

        assertThat(journal.entries()).isEmpty();
        assertThat(journal.countsByStatus()).isEmpty();
    }

    @Test
    void entryReportsCredentialCountsWithZeroForAbsentHeaders() {
        JournalEntry entry = new JournalEntry("a", Operation.EMBEDDINGS, 401, Map.of("Authorization", 2), T0, "", "/");

        assertThat(entry.authorizationValueCount()).isEqualTo(2);
        assertThat(entry.apiKeyValueCount()).isZero();
    }

    private static JournalEntry entry(String deployment, int status, Instant arrivedAt) {
        return new JournalEntry(deployment, Operation.EMBEDDINGS, status, Map.of("api-key", 1), arrivedAt, "{}", "/");
    }
}
