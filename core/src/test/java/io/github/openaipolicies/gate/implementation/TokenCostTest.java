// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCostTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // ceil(chars / 4) per input string, at least 1 each
        "{\"input\":\"abcdefgh\",\"model\":\"m\"}|2",
        "{\"input\":[\"abcde\",\"\",\"abcdefghijklm\"]}|7",
        "{\"input\":[1,2,3]}|3",
        "{\"input\":[[1,2],[3]]}|3",
        "{\"dimensions\":256,\"input\":[\"abcd\"],\"extra\":{\"input\":\"abcdefghijklmnopqrstuvwx\"}}|1",
        // chat: text content plus the completion budget
        "{\"messages\":[{\"role\":\"user\",\"content\":\"abcdefgh\"}],\"max_tokens\":100}|102",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"abcd\"}]}],"
            + "\"max_completion_tokens\":10}|11",
        // not estimable: 1
        "not json|1",
        "[\"abcdefgh\"]|1",
        "{\"input\":\"abcdefgh\"|1",
        "{}|1"})
    void estimatesLikeTheService(String body, long expected) {
        assertThat(TokenCost.estimate(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @Test
    void bodiesUpToTheLimitAreRead() {
        String head = "{\"input\":\"";
        String tail = "\"}";
        int chars = TokenCost.MAX_PARSED_BYTES - head.length() - tail.length();
        String atLimit = head + "a".repeat(chars) + tail;
        assertThat(TokenCost.estimate(atLimit.getBytes(StandardCharsets.US_ASCII))).isEqualTo((chars + 3) / 4);
        String overLimit = head + "a".repeat(chars + 1) + tail;
        assertThat(TokenCost.estimate(overLimit.getBytes(StandardCharsets.US_ASCII))).isEqualTo(TokenCost.UNKNOWN);
    }

    @Test
    void anEmptyOrMissingBodyCostsOne() {
        assertThat(TokenCost.estimate(null)).isEqualTo(1);
        assertThat(TokenCost.estimate(new byte[0])).isEqualTo(1);
    }
}
