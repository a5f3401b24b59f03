// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BodyModelTest {
    private static String model(String body) {
        return BodyModel.of(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"m\"}",
        " \n\t\r{ \"model\" \n:\t\r \"m\" }",
        "{\"input\":[\"a\",\"b\"],\"model\":\"m\",\"user\":\"u\"}",
        "{\"a\":{\"model\":\"n\"},\"model\":\"m\"}",
        "{\"a\":[{\"model\":\"n\"}],\"model\":\"m\"}",
        "{\"a\":[[\"model\"]],\"b\":{\"c\":[{\"d\":{}}]},\"model\":\"m\"}",
        "{\"x\":\"model\",\"model\":\"m\"}",
        "{\"a\":\"}{][\\\"model\\\":\\\"n\",\"model\":\"m\"}",
        "{\"a\":\"x\\\\\",\"model\":\"m\"}",
        "{\"model\":\"m\",\"model\":\"n\"}",
        "{\"model\":\"m\"",
        "{\"model\":\"m\"} trailing"})
    void theFirstTopLevelModelIsRead(String body) {
        assertThat(model(body)).isEqualTo("m");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "[\"model\",\"m\"]",
        "\"model\"",
        "{}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"model\":\"n\"}]}",
        "{\"a\":{\"model\":\"n\"}}",
        "{\"x\":\"model\",\"y\":1}",
        "{\"a\":1} {\"model\":\"m\"}",
        "{\"a\":[1]]],\"model\":\"m\"}",
        "{\"mod\\u0065l\":\"m\"}",
        "{\"models\":\"m\"}",
        "{\"mode\":\"m\"}",
        "{\"Model\":\"m\"}",
        "{\"modeL\":\"m\"}",
        "{\"model\" \"m\"}",
        "{\"model\"",
        "{\"model\":",
        "{\"model\": ",
        "{\"model\":\"m",
        "{\"a\":\"unterminated",
        "{\"a\":\"ends in an escape\\",
        "{\"model\":1}",
        "{\"model\":null}",
        "{\"model\":[\"m\"]}",
        "{\"model\":{\"id\":\"m\"}}",
        "{\"model\":1,\"x\":{\"model\":\"n\"},\"model\":\"m\"}",
        "{\"model\":\"\"}",
        "{\"model\":\"a b\"}",
        "{\"model\":\"a\\/b\"}",
        "{\"model\":\"a\\u0062\"}",
        "{\"model\":\"gpt-\u00fc\"}",
        "{\"model\":\"a\tb\"}",
        "{\"model\":\"a\u007fb\"}"})
    void noModelUnlessTheFirstTopLevelOneIsAPlainString(String body) {
        assertThat(model(body)).isNull();
    }

    @Test
    void printableAsciiFromBangToTildeIsAModel() {
        assertThat(model("{\"model\":\"!ft:gpt-4o-mini:org:x/y_z.1~\"}")).isEqualTo("!ft:gpt-4o-mini:org:x/y_z.1~");
    }

    @Test
    void aModelOfUpTo128CharactersIsRead() {
        String longest = "m".repeat(BodyModel.MAX_LENGTH);
        assertThat(model("{\"model\":\"" + longest + "\"}")).isEqualTo(longest);
        assertThat(model("{\"model\":\"" + longest + "m\"}")).isNull();
        assertThat(model("{\"model\":\"" + longest)).as("cut short").isNull();
    }
}
