package io.github.openaipolicies.testkit.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialValuesTest {

    @Test
    void absentHeaderHasNoValues() {
        assertThat(CredentialValues.count(List.of())).isZero();
    }

    @Test
    void oneLineWithOneValueCountsOne() {
        assertThat(CredentialValues.split(List.of("Bearer abc"))).containsExactly("Bearer abc");
    }

    @Test
    void separateHeaderLinesCountSeparately() {
        assertThat(CredentialValues.count(List.of("Bearer abc", "Bearer abc"))).isEqualTo(2);
    }

    @Test
    void commaJoinedValuesCountSeparately() {
        assertThat(CredentialValues.split(List.of("Bearer a, Bearer b"))).containsExactly("Bearer a", "Bearer b");
        assertThat(CredentialValues.count(List.of("k, k"))).isEqualTo(2);
    }

    @Test
    void linesAndCommasAddUp() {
        assertThat(CredentialValues.count(List.of("k1, k2", "k3"))).isEqualTo(3);
    }

    @Test
    void blankPiecesAreNotValues() {
        assertThat(CredentialValues.split(List.of(" k ,", ""))).containsExactly("k");
    }
}
