// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HeaderLookup}'s defaults, for a client whose headers give one joined value per name. */
class HeaderLookupTest {
    @Test
    void valuesByDefaultIsTheOneJoinedValueOrNone() {
        HeaderLookup lookup = name -> name.equals("api-key") ? "a,b" : null;

        assertThat(lookup.values("api-key")).containsExactly("a,b");
        assertThat(lookup.values("authorization")).isEmpty();
        assertThat(HeaderLookup.NONE.value("api-key")).isNull();
        assertThat(HeaderLookup.NONE.values("api-key")).isEqualTo(List.of());
    }
}
