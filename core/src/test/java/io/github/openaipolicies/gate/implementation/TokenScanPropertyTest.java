// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated embeddings and chat bodies (string, array and token-id inputs, string and multi-part chat content,
 * escapes, non-ASCII text, odd budgets, extra and nested fields, random white space, bodies cut short): the one-pass
 * {@link TokenScan} gives the JSON reader's estimate whenever it answers, and {@link TokenCost#estimate} always does.
 * Replay a failure with {@code -Dgate.seed=<seed>}.
 */
class TokenScanPropertyTest {
    private static final int CASES = 3000;

    /** The shape of a generated body. */
    enum Shape { INPUT_STRING, INPUT_ARRAY, INPUT_TOKENS, CHAT_STRING, CHAT_PARTS }

    /** Branches the cases must reach, each in at least a twentieth of them. */
    enum Branch { SCANNED, LEFT_TO_READER, CUT_SHORT, ESCAPES, NON_ASCII, BUDGET }

    @Test
    void scanAgreesWithTheReader() {
        long seed = Long.getLong("gate.seed", System.nanoTime());
        System.out.println("TokenScanPropertyTest seed=" + seed);
        Random random = new Random(seed);
        Map<Shape, Integer> shapes = new EnumMap<>(Shape.class);
        Map<Branch, Integer> branches = new EnumMap<>(Branch.class);
        for (int i = 0; i < CASES; i++) {
            Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
            Body generated = new Body(random);
            String json = generated.body(shape);
            if (random.nextInt(5) == 0) {
                json = json.substring(0, random.nextInt(json.length()));
                generated.reached.put(Branch.CUT_SHORT, 1);
            }
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            long expected = bytes.length == 0 ? TokenCost.UNKNOWN : TokenCost.estimateByParsing(bytes);
            long scanned = TokenScan.estimate(bytes);
            if (bytes.length > 0) {
                assertThat(TokenCost.estimate(bytes)).as("estimate of %s (seed %d)", json, seed).isEqualTo(expected);
            }
            if (scanned == TokenScan.NOT_UNDERSTOOD) {
                branches.merge(Branch.LEFT_TO_READER, 1, Integer::sum);
            } else {
                branches.merge(Branch.SCANNED, 1, Integer::sum);
                assertThat(scanned).as("scan of %s (seed %d)", json, seed).isEqualTo(expected);
            }
            shapes.merge(shape, 1, Integer::sum);
            generated.reached.keySet().forEach(branch -> branches.merge(branch, 1, Integer::sum));
        }
        for (Shape shape : Shape.values()) {
            assertThat(shapes.getOrDefault(shape, 0)).as("cases of shape %s (seed %d)", shape, seed)
                .isGreaterThanOrEqualTo(CASES / 10);
        }
        for (Branch branch : Branch.values()) {
            assertThat(branches.getOrDefault(branch, 0)).as("cases reaching %s (seed %d)", branch, seed)
                .isGreaterThanOrEqualTo(CASES / 20);
        }
        assertThat(branches.get(Branch.SCANNED)).as("cases scanned (seed %d)", seed).isGreaterThan(CASES / 2);
    }

    /** One generated body, and the branches its generation reached. */
    private static final class Body {
        private final Random random;
        private final Map<Branch, Integer> reached = new EnumMap<>(Branch.class);
        private final boolean nonAscii;

        Body(Random random) {
            this.random = random;
            this.nonAscii = random.nextInt(6) == 0;
        }

        String body(Shape shape) {
            StringBuilder json = new StringBuilder("{");
            String main = switch (shape) {
                case INPUT_STRING -> field(random.nextBoolean() ? "input" : "prompt") + text();
                case INPUT_ARRAY -> field("input") + array(this::text);
                case INPUT_TOKENS -> field("input") + (random.nextBoolean() ? array(this::token)
                    : array(() -> array(this::token)));
                case CHAT_STRING -> field("messages") + array(() -> message(text()));
                case CHAT_PARTS -> field("messages") + array(() -> message(array(this::part)));
            };
            String[] members = {main, extra(), random.nextBoolean() ? budget() : extra(), extra()};
            for (int i = members.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                String swap = members[i];
                members[i] = members[j];
                members[j] = swap;
            }
            for (int i = 0; i < members.length; i++) {
                json.append(i == 0 ? "" : "," + space()).append(members[i]);
            }
            return space() + json.append(space()).append('}').append(random.nextInt(10) == 0 ? " trailing" : "");
        }

        private String field(String name) {
            return "\"" + name + "\"" + space() + ":" + space();
        }

        private String text() {
            StringBuilder text = new StringBuilder("\"");
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(40);
                if (kind == 0) {
                    text.append(new String[] {"\\\"", "\\\\", "\\n", "\\u00e9", "\\/", "\\t"}[random.nextInt(6)]);
                    reached.put(Branch.ESCAPES, 1);
                } else if (kind == 1 && nonAscii) {
                    text.append(random.nextBoolean() ? "é" : "😀");
                    reached.put(Branch.NON_ASCII, 1);
                } else {
                    text.append((char) ('a' + random.nextInt(26)));
                }
            }
            return text.append('"').toString();
        }

        private String token() {
            return Integer.toString(random.nextInt(100_000));
        }

        private String array(Supplier<String> member) {
            int count = random.nextInt(5);
            StringBuilder array = new StringBuilder("[").append(space());
            for (int i = 0; i < count; i++) {
                array.append(i == 0 ? "" : "," + space()).append(member.get());
            }
            return array.append(space()).append(']').toString();
        }

        private String message(String content) {
            return "{" + field("role") + "\"user\"," + field("content") + content + "}";
        }

        private String part() {
            return random.nextInt(4) == 0 ? "{" + field("type") + "\"image_url\"," + field("image_url") + "{\"url\":"
                + text() + "}}" : "{" + field("type") + "\"text\"," + field("text") + text() + "}";
        }

        private String budget() {
            reached.put(Branch.BUDGET, 1);
            String value = switch (random.nextInt(12)) {
                case 0 -> "-5";
                case 1 -> "1.5";
                case 2 -> "99999999999999999999";
                case 3 -> "null";
                default -> Integer.toString(random.nextInt(4096));
            };
            return field(random.nextBoolean() ? "max_tokens" : "max_completion_tokens") + value;
        }

        private String extra() {
            return switch (random.nextInt(6)) {
                case 0 -> field("model") + text();
                case 1 -> field("dimensions") + random.nextInt(3072);
                case 2 -> field("stream") + (random.nextBoolean() ? "true" : "false");
                case 3 -> field("user") + "null";
                case 4 -> field("extra") + "{" + field("input") + text() + "," + field("n") + "[1.5e3,-0.25]}";
                default -> field("temperature") + "0.7";
            };
        }

        private String space() {
            return switch (random.nextInt(8)) {
                case 0 -> " ";
                case 1 -> "\n  ";
                case 2 -> "\t";
                default -> "";
            };
        }
    }
}
