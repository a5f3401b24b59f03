// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which bodies {@link TokenScan} answers itself (with the JSON reader's estimate) and which it leaves to the reader, at
 * the edges of what it understands: limits, escapes, number syntax, literals, and the separators after a value.
 */
class TokenScanTest {
    private static final long LEFT = TokenScan.NOT_UNDERSTOOD;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // white space around and inside the top object
        "{ }|1",
        " {\"input\":\"abcdefgh\"}|2",
        "{ \"input\" : \"abcdefgh\" , \"model\" : \"m\" }|2",
        "{\"input\":\"abcdefgh\"}trailing|2",
        // inputs that are not texts cost nothing of their own
        "{\"input\":true,\"prompt\":\"abcdefgh\"}|2",
        "{\"input\":-12}|1",
        "{\"input\":[-3,0,7,\"abcdefgh\"]}|5",
        // messages: only the string or the parts' text of content count
        "{\"messages\":{\"content\":\"abcdefghijkl\"},\"input\":\"abcdefgh\"}|2",
        "{\"messages\":[\"abcdefghijkl\",{\"role\":\"abcdefghijklmnop\",\"content\":\"abcdefgh\"}]}|2",
        "{\"messages\":[{\"content\":\"abcdefghijklmnop\",\"role\":\"abcd\"}]}|4",
        "{\"messages\":[{\"content\":[\"abcdefghijkl\",{\"text\":\"abcdefgh\",\"type\":\"abcdefghijklmnop\"}]}]}|2",
        "{\"messages\":[{\"content\":null,\"text\":\"abcdefghijkl\"}],\"max_tokens\":9}|9",
        "{\"messages\":[{\"content\":[]},{}],\"prompt\":\"abcdefghijkl\"}|3",
        "{\"input\":{\"input\":\"abcdefghijkl\"},\"prompt\":\"abcdefgh\"}|2",
        "{\"messages\":[[{\"content\":\"abcdefghijkl\"}]],\"input\":\"abcdefgh\"}|2",
        "{\"messages\":[{\"meta\":{\"content\":\"abcdefghijkl\"},\"content\":\"abcdefgh\"}]}|2",
        // completion budgets
        "{\"max_tokens\":100}|100",
        "{\"max_completion_tokens\":4095,\"input\":\"abcd\"}|4096",
        "{\"max_tokens\":0,\"input\":\"abcdefgh\"}|2",
        "{\"max_tokens\":-0,\"input\":\"abcdefgh\"}|2",
        "{\"max_tokens\":-5,\"input\":\"abcdefgh\"}|2",
        "{\"max_tokens\":null,\"input\":\"abcdefgh\"}|2",
        "{\"max_tokens\":\"100\",\"input\":\"abcdefgh\"}|2",
        "{\"max_tokens\":{\"input\":\"abcdefghijkl\"},\"input\":\"abcdefgh\"}|2",
        "{\"max_tokens\":2147483646}|2147483646",
        "{\"max_tokens\":2147483647}|2147483647",
        "{\"max_tokens\":2147483648}|2147483647",
        "{\"max_tokens\":999999999999999999}|2147483647",
        "{\"max_tokens\":-999999999999999999,\"input\":\"abcdefgh\"}|2",
        "{\"max_tokens\":9999999999999999999}|-1",
        "{\"max_tokens\":1.5}|-1",
        "{\"max_tokens\":1e3}|-1",
        "{\"max_tokens\":-}|-1",
        // values skipped, of every kind, at any depth
        "{\"model\":\"abcdefghijklmnop\",\"input\":\"abcdefgh\"}|2",
        "{\"dimensions\":256,\"input\":\"abcdefgh\"}|2",
        "{\"extra\":{},\"list\":[],\"input\":\"abcdefgh\"}|2",
        "{\"extra\":{ },\"list\":[ ],\"input\":\"abcdefgh\"}|2",
        "{\"extra\":{\"a\":[1,{\"b\":null}],\"c\":{}},\"input\":\"abcdefgh\"}|2",
        "{\"stream\":true,\"echo\":false,\"user\":null,\"input\":\"abcdefgh\"}|2",
        "{\"stream\":tru,\"input\":\"abcdefgh\"}|-1",
        "{\"stream\":truex,\"input\":\"abcdefgh\"}|-1",
        "{\"stream\":nul}|-1",
        "{\"stream\":?}|-1",
        // numbers in strict syntax only
        "{\"t\":0.7,\"u\":-0.25,\"v\":1e5,\"w\":1E+5,\"x\":2e-3,\"input\":\"abcdefgh\"}|2",
        "{\"t\":01}|-1",
        "{\"t\":1.}|-1",
        "{\"t\":.5}|-1",
        "{\"t\":1e}|-1",
        "{\"t\":1x}|-1",
        // escapes: each counts as one character
        "{\"input\":\"\\\"\\\\\\/\\b\\f\\n\\r\\tabcd\"}|3",
        "{\"input\":\"\\u0041\\u00e9\\uABCD\\uabcd\\u9f9F\"}|2",
        "{\"input\":\"\\u0041bcd\"}|1",
        "{\"input\":\"\\u0041bcde\"}|2",
        "{\"input\":\"\\x41\"}|-1",
        "{\"input\":\"\\u004g\"}|-1",
        "{\"input\":\"\\u004G\"}|-1",
        "{\"input\":\"\\u004:\"}|-1",
        "{\"input\":\"\\u004/\"}|-1",
        "{\"input\":\"\\u004@\"}|-1",
        "{\"input\":\"\\u004`\"}|-1",
        "{\"input\":\"\\u041\"}|-1",
        "{\"input\":\"\\u00\"}|-1",
        // names with escapes are left to the reader; spaces in names and strings are plain characters
        "{\"in\\u0070ut\":\"abcdefgh\"}|-1",
        "{\"in put\":\"abcdefgh\",\"input\":\"a b c d e \"}|3",
        // what may follow a number or literal: white space or a separator
        "{\"input\":12}|1",
        "{\"input\":[12]}|1",
        "{\"input\":\"abcdefgh\",\"user\":null}|2",
        // malformed or cut short
        "{\"input\":\"abcdefgh\";\"model\":\"m\"}|-1",
        "{\"input\":\"abcdefgh\"|-1",
        "{\"input\":[\"abcdefgh\"}|-1",
        "[\"abcdefgh\"]|-1"})
    void answersLikeTheReaderOrLeavesTheBodyToIt(String body, long expected) {
        assertScan(body, expected);
    }

    @Test
    void aNumberOrLiteralEndsAtWhiteSpaceOrASeparator() {
        assertScan("{\"input\":[12 ,3\n,4\r,5\t]}", 4);
        assertScan("{\"input\":[true ,false\n,null\r,true\t],\"x\":[1],\"input\":\"abcdefgh\"}", 2);
        assertScan("\n\r\t {\n\"input\"\r:\t\"abcdefgh\"\n}", 2);
    }

    @Test
    void controlCharactersAreLeftToTheReader() {
        assertScan("{\"input\":\"abcd\u001fefgh\"}", LEFT);
        assertScan("{\"in\u001fput\":\"abcdefgh\"}", LEFT);
        assertScan("{\"input\":\"abcdéfgh\"}", LEFT);
    }

    @Test
    void nestingUpToTheLimitIsScanned() {
        // every container closed, empty or not, gives its level back
        assertScan("{\"x\":" + "[".repeat(64) + "]".repeat(64) + ",\"input\":\"abcdefgh\"}", 2);
        assertScan("{\"x\":" + "[".repeat(63) + "{}" + "]".repeat(63) + ",\"input\":\"abcdefgh\"}", 2);
        assertScan("{\"x\":" + "[1,".repeat(64) + "1" + "]".repeat(64) + ",\"input\":\"abcdefgh\"}", 2);
        assertScan("{\"x\":[[1],[],{\"a\":1},{}," + "[".repeat(63) + "]".repeat(63) + "],\"y\":[],\"z\":{\"b\":[2]},"
            + "\"w\":" + "[".repeat(64) + "]".repeat(64) + ",\"input\":\"abcdefgh\"}", 2);
        assertScan("{\"x\":" + "[".repeat(65) + "]".repeat(65) + ",\"input\":\"abcdefgh\"}", LEFT);
        assertScan("{\"x\":" + "[".repeat(64) + "{}" + "]".repeat(64) + ",\"input\":\"abcdefgh\"}", LEFT);
    }

    @Test
    void numbersUpToTheLimitAreScanned() {
        assertScan("{\"x\":" + "1".repeat(64) + ",\"input\":\"abcdefgh\"}", 2);
        assertScan("{\"x\":-0." + "1".repeat(61) + ",\"input\":\"abcdefgh\"}", 2);
        assertScan("{\"x\":" + "1".repeat(65) + ",\"input\":\"abcdefgh\"}", LEFT);
    }

    private static void assertScan(String body, long expected) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(TokenScan.estimate(bytes)).as("scan of %s", body).isEqualTo(expected);
        if (expected != LEFT) {
            assertThat(TokenCost.estimateByParsing(bytes)).as("reader's estimate of %s", body).isEqualTo(expected);
        }
    }
}
