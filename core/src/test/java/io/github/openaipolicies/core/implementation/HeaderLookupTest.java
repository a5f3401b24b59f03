// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HeaderLookup}: its defaults, for a client whose headers give one joined value per name, and the view of a
 * client's headers that answers one value per header line (OkHttp's and openai-java's).
 */
class HeaderLookupTest {
    private final HeaderLookup headers = HeaderLookup.ofLines(name -> Map.of(
        "x-one", List.of("a"), "x-two", List.of("b", "c")).getOrDefault(name, List.of()));

    @Test
    void valuesByDefaultIsTheOneJoinedValueOrNone() {
        HeaderLookup lookup = name -> name.equals("api-key") ? "a,b" : null;

        assertThat(lookup.values("api-key")).containsExactly("a,b");
        assertThat(lookup.values("authorization")).isEmpty();
        assertThat(HeaderLookup.NONE.value("api-key")).isNull();
        assertThat(HeaderLookup.NONE.values("api-key")).isEqualTo(List.of());
    }

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
