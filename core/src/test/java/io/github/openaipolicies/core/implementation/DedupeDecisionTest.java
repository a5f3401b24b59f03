// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DedupeDecisionTest {
    private static final String NAME = "Authorization";

    @Test
    void keepsAbsentAndSingleValues() {
        assertThat(DedupeDecision.decide(NAME, List.of()).action()).isEqualTo(DedupeDecision.Action.KEEP);
        assertThat(DedupeDecision.decide(NAME, List.of("Bearer a")).action()).isEqualTo(DedupeDecision.Action.KEEP);
    }

    @Test
    void collapsesIdenticalValuesToOne() {
        DedupeDecision decision = DedupeDecision.decide(NAME, List.of("Bearer a", "Bearer a", "Bearer a"));
        assertThat(decision.action()).isEqualTo(DedupeDecision.Action.COLLAPSE);
        assertThat(decision.value()).isEqualTo("Bearer a");
        assertThat(decision.valueCount()).isEqualTo(3);
    }

    @Test
    void rejectsDifferentValuesAndNeverShowsThem() {
        DedupeDecision decision = DedupeDecision.decide(NAME, List.of("Bearer secret-a", "Bearer secret-b",
            "Bearer secret-a"));
        assertThat(decision.action()).isEqualTo(DedupeDecision.Action.REJECT);
        assertThat(decision.value()).isNull();
        assertThat(decision.distinctCount()).isEqualTo(2);
        assertThat(decision.toString()).contains("authorization").doesNotContain("secret");
    }
}
