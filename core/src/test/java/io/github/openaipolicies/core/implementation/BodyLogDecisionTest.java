// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BodyLogDecisionTest {
    private static final long LIMIT = 16_384;

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/csv; charset=utf-8", "TEXT/HTML", "application/json",
        " application/json ; charset=utf-8", "application/problem+json"})
    void readsTextAndJsonOfKnownLengthWithinTheLimit(String contentType) {
        assertThat(BodyLogDecision.decide(contentType, 1L, LIMIT)).isEqualTo(new BodyLogDecision(true, null));
        assertThat(BodyLogDecision.decide(contentType, LIMIT, LIMIT)).isEqualTo(new BodyLogDecision(true, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/event-stream", "Text/Event-Stream; charset=utf-8", "application/octet-stream",
        "application/xml", "image/png", "application/jsonl", ""})
    void leavesOtherTypesAloneWithoutSayingSo(String contentType) {
        assertThat(BodyLogDecision.decide(contentType, 10L, LIMIT)).isEqualTo(new BodyLogDecision(false, null));
        assertThat(BodyLogDecision.decide(null, 10L, LIMIT)).isEqualTo(new BodyLogDecision(false, null));
    }

    @Test
    void saysWhyABodyIsNotRead() {
        assertThat(BodyLogDecision.decide("application/json", null, LIMIT))
            .isEqualTo(new BodyLogDecision(false, "(not logged: length unknown)"));
        assertThat(BodyLogDecision.decide("application/json", 0L, LIMIT)).isEqualTo(new BodyLogDecision(false, ""));
        assertThat(BodyLogDecision.decide("application/json", LIMIT + 1, LIMIT))
            .isEqualTo(new BodyLogDecision(false, "(not logged: 16385 bytes, above the 16384-byte limit)"));
    }

    @Test
    void parsesContentLength() {
        assertThat(BodyLogDecision.parseLength("42")).isEqualTo(42L);
        assertThat(BodyLogDecision.parseLength(" 7 ")).isEqualTo(7L);
        assertThat(BodyLogDecision.parseLength("0")).isZero();
        assertThat(BodyLogDecision.parseLength(null)).isNull();
        assertThat(BodyLogDecision.parseLength("-1")).isNull();
        assertThat(BodyLogDecision.parseLength("12, 12")).isNull();
        assertThat(BodyLogDecision.parseLength("lots")).isNull();
    }
}
