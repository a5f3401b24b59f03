// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated header values (digits, fractions, units, signs, letters, white space, long runs of digits): the
 * hand-written parsers of {@link ThrottleHeaders} accept and read exactly what the regular expressions that define the
 * accepted forms do. Replay a failure with {@code -Dgate.seed=<seed>}.
 */
class ThrottleHeadersPropertyTest {
    private static final int CASES = 20_000;
    private static final Pattern COUNTER = Pattern.compile("\\d{1,12}");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|h|m|s)");

    /** Branches the cases must reach, each in at least a fiftieth of them. */
    enum Branch { COUNTER_READ, COUNTER_REFUSED, SECONDS_READ, DURATION_READ, RESET_REFUSED }

    @Test
    void parsersAgreeWithTheirGrammar() {
        long seed = Long.getLong("gate.seed", System.nanoTime());
        System.out.println("ThrottleHeadersPropertyTest seed=" + seed);
        Random random = new Random(seed);
        Map<Branch, Integer> reached = new EnumMap<>(Branch.class);
        for (int i = 0; i < CASES; i++) {
            String value = value(random);
            Long counter = referenceCounter(value);
            assertThat(ThrottleHeaders.counter(value)).as("counter '%s' (seed %d)", value, seed).isEqualTo(counter);
            reached.merge(counter == null ? Branch.COUNTER_REFUSED : Branch.COUNTER_READ, 1, Integer::sum);
            Duration reset = referenceReset(value);
            assertThat(ThrottleHeaders.reset(value)).as("reset '%s' (seed %d)", value, seed).isEqualTo(reset);
            Branch branch = reset == null ? Branch.RESET_REFUSED
                : SECONDS.matcher(value.trim()).matches() ? Branch.SECONDS_READ : Branch.DURATION_READ;
            reached.merge(branch, 1, Integer::sum);
        }
        for (Branch branch : Branch.values()) {
            assertThat(reached.getOrDefault(branch, 0)).as("cases reaching %s (seed %d)", branch, seed)
                .isGreaterThanOrEqualTo(CASES / 50);
        }
    }

    private static String value(Random random) {
        String[] pieces = {"0", "7", "12", "999999999", "1234567890", ".", ".5", ".000000001", ".1234567891", "ms", "m",
            "s", "h", "ms", "s", "m", " ", "-", "x", "e3", "+"};
        StringBuilder value = new StringBuilder();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            String piece = pieces[random.nextInt(pieces.length)];
            value.append(i % 2 == 1 && random.nextInt(3) > 0 ? pieces[9 + random.nextInt(7)] : piece);
        }
        return value.toString();
    }

    private static Long referenceCounter(String value) {
        String trimmed = value.trim();
        return COUNTER.matcher(trimmed).matches() ? Long.valueOf(trimmed) : null;
    }

    private static Duration referenceReset(String value) {
        if (value.length() > 40) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (SECONDS.matcher(trimmed).matches()) {
            return millis(new BigDecimal(trimmed).multiply(BigDecimal.valueOf(1000)));
        }
        Matcher part = DURATION_PART.matcher(trimmed);
        BigDecimal total = BigDecimal.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            BigDecimal amount = new BigDecimal(part.group(1));
            total = total.add(switch (part.group(2)) {
                case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000));
                case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
                case "s" -> amount.multiply(BigDecimal.valueOf(1000));
                default -> amount;
            });
            end = part.end();
        }
        return end == trimmed.length() ? millis(total) : null;
    }

    private static Duration millis(BigDecimal millis) {
        return Duration.ofMillis(millis.setScale(0, RoundingMode.CEILING).longValueExact());
    }
}
