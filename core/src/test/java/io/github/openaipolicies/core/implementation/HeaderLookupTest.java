// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The view of a client's headers that answers one value per header line (OkHttp's and openai-java's). */
class HeaderLookupTest {
    private final HeaderLookup headers = HeaderLookup.ofLines(name -> Map.of(
        "x-one", List.of("a"), "x-two", List.of("b", "c")).getOrDefault(name, List.of()));

    @Test
    void severalLinesAreJoinedWithACommaAndEachIsKept() {
        assertThat(headers.value("x-two")).isEqualTo("b,c");
        assertThat(headers.values("x-two")).containsExactly("b", "c");
        assertThat(headers.value("x-one")).isEqualTo("a");
    }

    @Test
    void anAbsentHeaderIsNullAndEmpty() {
        assertThat(headers.value("x-none")).isNull();
        assertThat(headers.values("x-none")).isEmpty();
    }
}
