// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client-neutral dedupe rule ({@link CredentialValues} counting, {@link DedupeDecision} deciding) on generated
 * credential headers, as any adapter reads them through a {@link HeaderLookup}: {@code api-key} and
 * {@code Authorization} values repeated over header lines whose names are spelt in mixed case and comma-joined within
 * a line, with white space around; different values; an ambiguous comma-joined {@code api-key}. 10,000 cases from a
 * seeded generator (seed printed; replay with {@code -Dhostile.seed=<seed>}). When the values agree the decision keeps
 * or collapses to exactly the agreed value; when they differ it rejects, counting the different values.
 */
class DedupeRulesPropertyTest {
    private static final int CASES = 10_000;
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";

    @Test
    void agreeingValuesBecomeTheOneAgreedValueAndDifferentValuesAreRejected() {
        long seed = Long.getLong("hostile.seed", System.nanoTime());
        System.out.println("agreeingValuesBecomeTheOneAgreedValueAndDifferentValuesAreRejected seed " + seed
            + " (replay: -Dhostile.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        Map<DedupeDecision.Action, Integer> reached = new EnumMap<>(DedupeDecision.Action.class);
        for (int i = 0; i < CASES; i++) {
            String at = "seed " + seed + " case " + i + " (values not shown)";
            boolean authorization = random.nextBoolean();
            String name = authorization ? CredentialValues.AUTHORIZATION : CredentialValues.API_KEY;
            TestHeaders headers = new TestHeaders();
            String expectedValue;
            int expectedDistinct;
            switch (random.nextInt(3)) {
                case 0 -> {
                    expectedValue = credential(random, authorization, "");
                    addRepeated(random, headers, name, expectedValue, random.nextInt(1, 7));
                    expectedDistinct = 1;
                }
                case 1 -> {
                    // A different last token character for each: the values always differ.
                    List<String> distinct = new ArrayList<>();
                    for (int k = random.nextInt(2, 4); distinct.size() < k; ) {
                        distinct.add(credential(random, authorization, String.valueOf(distinct.size())));
                    }
                    for (String value : distinct) {
                        addRepeated(random, headers, name, value, random.nextInt(1, 3));
                    }
                    expectedValue = null;
                    expectedDistinct = distinct.size();
                }
                default -> {
                    name = CredentialValues.API_KEY;
                    expectedValue = credential(random, false, "1") + ", " + credential(random, false, "2");
                    headers.add(mixedCase(random, name), expectedValue);
                    expectedDistinct = 1;
                }
            }

            String asked = mixedCase(random, name);
            List<String> values = CredentialValues.of(asked, headers);
            DedupeDecision decision = DedupeDecision.decide(asked, values);
            reached.merge(decision.action(), 1, Integer::sum);

            assertThat(decision.distinctCount()).as(at).isEqualTo(expectedDistinct);
            assertThat(decision.valueCount()).as(at).isEqualTo(values.size());
            switch (decision.action()) {
                case KEEP -> assertThat(values).as(at).containsExactly(expectedValue);
                case COLLAPSE -> assertThat(decision.value()).as(at).isEqualTo(expectedValue).isNotNull();
                case REJECT -> assertThat(expectedValue).as(at + ": rejected agreeing values").isNull();
            }
        }
        System.out.println("  seed " + seed + ": decisions " + reached + " of " + CASES);
        for (DedupeDecision.Action action : DedupeDecision.Action.values()) {
            assertThat(reached.getOrDefault(action, 0) * 100L).as("seed %d: share of %s", seed, action)
                .isGreaterThanOrEqualTo(CASES * 15L);
        }
    }

    /** Adds {@code copies} copies of a value over one to {@code copies} lines, comma-joined within a line. */
    private static void addRepeated(SplittableRandom random, TestHeaders headers, String name, String value,
        int copies) {
        int left = copies;
        while (left > 0) {
            int inLine = random.nextInt(1, left + 1);
            StringBuilder line = new StringBuilder(pad(random));
            for (int j = 0; j < inLine; j++) {
                if (j > 0) {
                    line.append(pad(random)).append(',').append(pad(random));
                }
                line.append(value);
            }
            line.append(pad(random));
            headers.add(mixedCase(random, name), line.toString());
            left -= inLine;
        }
    }

    private static String credential(SplittableRandom random, boolean authorization, String suffix) {
        StringBuilder token = new StringBuilder();
        int length = random.nextInt(1, 48);
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
        token.append(suffix);
        if (random.nextInt(4) == 0) {
            token.append("=".repeat(random.nextInt(1, 3)));
        }
        return authorization ? "Bearer " + token : token.toString();
    }

    private static String mixedCase(SplittableRandom random, String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static String pad(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> " ";
            case 1 -> "\t";
            default -> "";
        };
    }
}
