// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsMillisecondsSecondsMinutesAndIso() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert(" 2 m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("pt1.5s")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsAnythingElseWithAnExample() {
        assertThatThrownBy(() -> converter.convert("ten seconds"))
            .isInstanceOf(CommandLine.TypeConversionException.class)
            .hasMessage("'ten seconds' is not a duration (e.g. 500ms, 10s, 2m)");
    }
}
