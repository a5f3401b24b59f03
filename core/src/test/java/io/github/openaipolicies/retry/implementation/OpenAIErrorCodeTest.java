// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAIErrorCodeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"param\":null,"
            + "\"code\":\"insufficient_quota\"}}|insufficient_quota",
        "{\"error\":{\"code\":\"429\",\"message\":\"Requests ... Please retry after 6 seconds.\"}}|429",
        "{\"other\":[1,{\"a\":2}],\"error\":{\"details\":{\"x\":1},\"code\":\"rate_limit_exceeded\"}}"
            + "|rate_limit_exceeded",
        "{\"error\":{\"type\":\"insufficient_quota\",\"code\":null}}|insufficient_quota",
        "{\"score\":NaN,\"limit\":-Infinity,\"error\":{\"code\":\"rate_limit_exceeded\"}}|rate_limit_exceeded"})
    void readsTheErrorCode(String body, String expected) {
        assertThat(OpenAIErrorCode.parse(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{\"error\":\"insufficient_quota\"}", "{\"code\":\"x\"}",
        "{\"error\":{\"code\":", "null"})
    void givesNullForAnythingElse(String body) {
        assertThat(OpenAIErrorCode.parse(body.getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
