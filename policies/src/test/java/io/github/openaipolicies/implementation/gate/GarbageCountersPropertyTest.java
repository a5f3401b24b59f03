// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.ThrottleFeedback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated responses whose rate-limit headers carry garbage (negative, huge, non-numeric values, absurd delays):
 * a ledger fed those responses through {@link ThrottleHeaders} decides exactly like a ledger fed the same responses
 * with the garbage left out. Replay a failure with {@code -Dgate.seed=<seed>}.
 */
class GarbageCountersPropertyTest {
    private static final int CASES = 600;
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final GateSettings SETTINGS = new GateSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofMinutes(10));

    /** What became of a generated counter value. */
    enum Outcome { REFUSED_BY_PARSER, REFUSED_BY_LEDGER, USED, MISSING }

    @Test
    void garbageInTheHeadersChangesNoDecision() {
        long seed = Long.getLong("gate.seed", System.nanoTime());
        System.out.println("GarbageCountersPropertyTest seed=" + seed);
        Random random = new Random(seed);
        Map<Outcome, Integer> reached = new EnumMap<>(Outcome.class);
        int absurdDelays = 0;
        for (int i = 0; i < CASES; i++) {
            KeyLedger withGarbage = new KeyLedger(SETTINGS, T0);
            KeyLedger clean = new KeyLedger(SETTINGS, T0);
            Instant now = T0;
            for (int step = 0; step < 4; step++) {
                int status = random.nextInt(3) == 0 ? 429 : 200;
                Counter requests = counter(Outcome.values()[(i + step) % 4], random);
                Counter tokens = counter(Outcome.values()[(i + step + 1) % 4], random);
                boolean absurd = random.nextBoolean();
                absurdDelays += absurd ? 1 : 0;
                HttpHeaders headers = new HttpHeaders();
                requests.put(headers, ThrottleHeaders.REMAINING_REQUESTS);
                tokens.put(headers, ThrottleHeaders.REMAINING_TOKENS);
                headers.set(HttpHeaderName.RETRY_AFTER, absurd ? "86400" : "2");
                if (random.nextBoolean()) {
                    headers.set(ThrottleHeaders.RESET_REQUESTS, random.nextBoolean() ? "-3s" : "soon");
                }
                ThrottleFeedback parsed = ThrottleHeaders.feedback(status, headers, now.atOffset(ZoneOffset.UTC));
                reached.merge(outcome(requests, parsed.remainingRequests()), 1, Integer::sum);
                reached.merge(outcome(tokens, parsed.remainingTokens()), 1, Integer::sum);
                ThrottleFeedback sane = ThrottleFeedback.response(status, absurd ? null : Duration.ofSeconds(2),
                    requests.usable(), tokens.usable(), null, null);

                List<String> a = decisions(withGarbage, parsed, now, random.nextInt(50) + 1);
                List<String> b = decisions(clean, sane, now, 0);
                assertThat(a).as("seed %d case %d step %d: %s / %s", seed, i, step, requests, tokens).isEqualTo(b);
                now = now.plusMillis(random.nextInt(3_000));
            }
        }
        System.out.println("GarbageCountersPropertyTest outcomes=" + reached + " absurdDelays=" + absurdDelays);
        for (Outcome outcome : Outcome.values()) {
            assertThat(reached.getOrDefault(outcome, 0)).as("seed %d: %s reached", seed, outcome)
                .isGreaterThanOrEqualTo(2 * CASES * 4 / 5 / 4);
        }
        assertThat(absurdDelays).isGreaterThanOrEqualTo(CASES * 4 / 5);
    }

    /** Admits one attempt, reports the feedback, then probes the decisions for a cost over the next seconds. */
    private static List<String> decisions(KeyLedger ledger, ThrottleFeedback feedback, Instant now, int unused) {
        List<String> out = new ArrayList<>();
        LedgerDecision taken = ledger.tryTake(1, now);
        out.add(describe(taken));
        if (taken.admitted()) {
            ledger.observe(taken.sequence(), taken.cost(), feedback, now);
        }
        for (long offset : new long[] {0, 500, 1_000, 2_000, 2_500}) {
            out.add(describe(ledger.tryTake(7, now.plusMillis(offset))));
        }
        return out;
    }

    private static String describe(LedgerDecision d) {
        return d.admitted() + "/" + d.reason() + "/" + d.retryAt() + "/" + d.sequence() + "/" + d.cost();
    }

    private static Outcome outcome(Counter generated, Long parsed) {
        if (generated.value == null) {
            return Outcome.MISSING;
        }
        if (parsed == null) {
            return Outcome.REFUSED_BY_PARSER;
        }
        return generated.usable() == null ? Outcome.REFUSED_BY_LEDGER : Outcome.USED;
    }

    private static Counter counter(Outcome kind, Random random) {
        return switch (kind) {
            case MISSING -> new Counter(null, null);
            case USED -> {
                long value = random.nextInt(40);
                yield new Counter(Long.toString(value), value);
            }
            case REFUSED_BY_LEDGER -> new Counter(Long.toString(1_000_000_001L + (long) (random.nextDouble()
                * 900_000_000_000L)), null);
            case REFUSED_BY_PARSER -> {
                String[] garbage = {"-1", "-" + random.nextInt(1000), "abc", "1.5", "", " ", "1e3", "0x1f",
                    "9999999999999999999999", "NaN", "12 tokens", "+3"};
                yield new Counter(garbage[random.nextInt(garbage.length)], null);
            }
        };
    }

    /** A generated header value, and what it means when it is usable (else null). */
    private record Counter(String value, Long usable) {
        void put(HttpHeaders headers, HttpHeaderName name) {
            if (value != null) {
                headers.set(name, value);
            }
        }
    }
}
