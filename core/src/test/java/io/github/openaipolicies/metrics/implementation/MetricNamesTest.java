// Licensed under the MIT License.
package io.github.openaipolicies.metrics.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricNamesTest {
    @Test
    void aKeysAttributesAreItsHostThenWhicheverPartsItHas() {
        assertThat(MetricNames.keyAttributes("h", "d", null, null)).isEqualTo(
            Map.of("server.address", "h", "openai.deployment", "d"));
        assertThat(MetricNames.keyAttributes("h", null, "m", null)).isEqualTo(
            Map.of("server.address", "h", "openai.model", "m"));
        assertThat(MetricNames.keyAttributes("h", null, null, "/openai/threads")).isEqualTo(
            Map.of("server.address", "h", "openai.api", "/openai/threads"));
        assertThat(MetricNames.keyAttributes("h", null, null, null)).isEqualTo(Map.of("server.address", "h"));
        assertThat(List.copyOf(MetricNames.keyAttributes("h", "d", "m", "a").keySet()))
            .containsExactly("server.address", "openai.deployment", "openai.model", "openai.api");
    }

    @Test
    void aKeysAttributesCannotBeChanged() {
        Map<String, Object> attributes = MetricNames.keyAttributes("h", "d", null, null);

        assertThatThrownBy(() -> attributes.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
