// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated responses whose rate-limit headers carry garbage (negative, huge, non-numeric values, absurd delays and
 * resets) next to usable values, read by {@link ThrottleHeaders} and fed to a {@link KeyLedger} with attempts still in
 * flight; then a burst of attempts at the same instant. Each case is classified by what the ledger did (why the burst
 * stopped, whether a counter was believed or ignored, how long a 429 held), the share of each such outcome is
 * asserted, and each case checks:
 * <ul>
 *     <li>the ledger decides exactly like one fed the same responses with the garbage left out;</li>
 *     <li>a counter that is garbled is never what stops the burst, and with no usable counter the burst stays within
 *     the slow-start window;</li>
 *     <li>a believed counter bounds the burst: requests by what is left net of the attempts in flight, tokens the
 *     same (one attempt at most beyond them, when its cost exceeds every budget seen);</li>
 *     <li>a 429 holds for its delay when it is usable, else for its reset hint, else for {@code counterValidity}: never
 *     longer than {@code maxRetryAfter}.</li>
 * </ul>
 * Replay a failure with {@code -Dgate.seed=<seed>}.
 */
class GarbageCountersPropertyTest {
    private static final int CASES = 2_000;
    private static final int BURST = 60;
    private static final long COST = 7;
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final GateSettings SETTINGS = new GateSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofMinutes(10));

    /** Why the burst after the answer stopped, as the ledger said. */
    enum Stop { HELD_AFTER_429, REQUESTS_AT_ZERO, TOKENS_AT_ZERO, SLOW_START, NEVER }

    /** What became of a counter the parser read: believed (it bounded the burst), or ignored. */
    enum Reading { REFUSED_BY_PARSER, IGNORED_BY_LEDGER, BELIEVED }

    /** How long a 429 held, against what it asked. */
    enum Hold { FOR_ITS_DELAY, UNTIL_ITS_RESET, SHORT_PAUSE }

    private final Map<Stop, Integer> stops = new EnumMap<>(Stop.class);
    private final Map<Reading, Integer> readings = new EnumMap<>(Reading.class);
    private final Map<Hold, Integer> holds = new EnumMap<>(Hold.class);

    @Test
    void garbageInTheHeadersIsIgnoredAndUsableCountersBoundWhatGoes() {
        long seed = Long.getLong("gate.seed", System.nanoTime());
        System.out.println("GarbageCountersPropertyTest seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Generated generated = Generated.draw(random);
            runCase(generated, "seed " + seed + " case " + i + ": " + generated);
        }
        System.out.println("GarbageCountersPropertyTest stops=" + stops + " readings=" + readings + " holds="
            + holds);

        for (Stop stop : Stop.values()) {
            assertThat(stops.getOrDefault(stop, 0)).as("seed %d: burst stopped by %s", seed, stop)
                .isGreaterThanOrEqualTo(CASES / 40);
        }
        for (Reading reading : Reading.values()) {
            assertThat(readings.getOrDefault(reading, 0)).as("seed %d: counter %s", seed, reading)
                .isGreaterThanOrEqualTo(CASES / 20);
        }
        for (Hold hold : Hold.values()) {
            assertThat(holds.getOrDefault(hold, 0)).as("seed %d: 429 held %s", seed, hold)
                .isGreaterThanOrEqualTo(CASES / 40);
        }
    }

    private void runCase(Generated generated, String at) {
        Instant now = T0;
        ThrottleFeedback parsed = ThrottleHeaders.feedback(generated.status, generated.headers(),
            Clock.fixed(now, ZoneOffset.UTC));
        KeyLedger ledger = new KeyLedger(SETTINGS, now);
        KeyLedger clean = new KeyLedger(SETTINGS, now);
        LedgerDecision first = admitWithOthersInFlight(ledger, generated.extra, now);
        admitWithOthersInFlight(clean, generated.extra, now);
        ledger.observe(first.sequence(), first.cost(), parsed, now);
        clean.observe(first.sequence(), first.cost(), generated.sane(), now);

        List<String> garbled = new ArrayList<>();
        List<String> sane = new ArrayList<>();
        int admitted = 0;
        LedgerDecision stop = null;
        for (int i = 0; i < BURST && stop == null; i++) {
            LedgerDecision decision = ledger.tryTake(COST, now);
            garbled.add(describe(decision));
            sane.add(describe(clean.tryTake(COST, now)));
            if (decision.admitted()) {
                admitted++;
            } else {
                stop = decision;
            }
        }
        assertThat(garbled).as(at).isEqualTo(sane);
        Stop stopped = stop == null ? Stop.NEVER : switch (stop.reason()) {
            case AFTER_429 -> Stop.HELD_AFTER_429;
            case REQUESTS_AT_ZERO -> Stop.REQUESTS_AT_ZERO;
            case TOKENS_AT_ZERO -> Stop.TOKENS_AT_ZERO;
            case SLOW_START -> Stop.SLOW_START;
            default -> throw new AssertionError(at + ": " + stop);
        };
        stops.merge(stopped, 1, Integer::sum);

        Long requests = generated.requests.usable;
        Long tokens = generated.tokens.usable;
        if (generated.status != 429) {
            checkReadings(generated, parsed, stopped, admitted, at);
            if (requests == null && tokens == null) {
                assertThat(stopped).as(at).isEqualTo(Stop.SLOW_START);
                assertThat(admitted + generated.extra).as(at + ": in flight within the window")
                    .isLessThanOrEqualTo(ledger.window());
            }
            if (requests != null) {
                assertThat((long) admitted).as(at + ": requests left net of those in flight")
                    .isLessThanOrEqualTo(Math.max(0, requests - generated.extra));
            }
            if (tokens != null) {
                assertThat(admitted * COST).as(at + ": tokens left net of those in flight, one cost at most beyond")
                    .isLessThanOrEqualTo(Math.max(0, tokens - generated.extra * COST) + COST);
            }
        } else {
            assertThat(stopped).as(at).isEqualTo(Stop.HELD_AFTER_429);
            Duration held = Duration.between(now, ledger.holdUntil());
            assertThat(stop.retryAt()).as(at).isEqualTo(ledger.holdUntil());
            Hold hold;
            if (generated.delay == Delay.USABLE) {
                assertThat(held).as(at).isEqualTo(Generated.USABLE_DELAY);
                hold = Hold.FOR_ITS_DELAY;
            } else if (generated.resetUsable) {
                assertThat(held).as(at).isEqualTo(Generated.USABLE_RESET);
                hold = Hold.UNTIL_ITS_RESET;
            } else {
                assertThat(held).as(at + ": nothing usable, a short pause").isEqualTo(SETTINGS.counterValidity());
                hold = Hold.SHORT_PAUSE;
            }
            holds.merge(hold, 1, Integer::sum);
        }
    }

    /** Classifies each counter the parser saw by what the parser and then the ledger did with it. */
    private void checkReadings(Generated generated, ThrottleFeedback parsed, Stop stopped, int admitted, String at) {
        Value[] values = {generated.requests, generated.tokens};
        Long[] read = {parsed.remainingRequests(), parsed.remainingTokens()};
        Stop[] stopsByIt = {Stop.REQUESTS_AT_ZERO, Stop.TOKENS_AT_ZERO};
        for (int c = 0; c < 2; c++) {
            if (values[c].header == null) {
                continue;
            }
            Reading reading;
            if (read[c] == null) {
                reading = Reading.REFUSED_BY_PARSER;
            } else if (read[c] > KeyLedger.MAX_PLAUSIBLE_COUNTER) {
                assertThat(stopped).as(at + ": a garbled counter stops nothing").isNotEqualTo(stopsByIt[c]);
                reading = Reading.IGNORED_BY_LEDGER;
            } else {
                assertThat(read[c]).as(at).isEqualTo(values[c].usable);
                reading = stopped == stopsByIt[c] || stopped == Stop.NEVER
                    || admitted + generated.extra > SETTINGS.initialAdmission() + 1 ? Reading.BELIEVED : null;
            }
            if (reading != null) {
                readings.merge(reading, 1, Integer::sum);
            }
        }
    }

    private static LedgerDecision admitWithOthersInFlight(KeyLedger ledger, int extra, Instant now) {
        LedgerDecision first = ledger.tryTake(COST, now);
        for (int i = 0; i < extra; i++) {
            assertThat(ledger.tryTake(COST, now).admitted()).isTrue();
        }
        return first;
    }

    private static String describe(LedgerDecision d) {
        return d.admitted() + "/" + d.reason() + "/" + d.retryAt() + "/" + d.sequence() + "/" + d.cost();
    }

    /** The delay header of a generated response. */
    enum Delay { NONE, USABLE, ABSURD, GARBLED }

    /** A generated counter header, and what it means when it is usable (else null). */
    record Value(String header, Long usable) {
        static Value draw(Random random, int usableBound) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                long value = random.nextInt(usableBound);
                return new Value((random.nextBoolean() ? " " : "") + value, value);
            }
            if (kind < 6) {
                String[] garbage = {"-1", "-" + random.nextInt(1000), "abc", "1.5", "", " ", "1e3", "0x1f",
                    "9999999999999999999999", "NaN", "12 tokens", "+3"};
                return new Value(garbage[random.nextInt(garbage.length)], null);
            }
            if (kind < 8) {
                return new Value(Long.toString(KeyLedger.MAX_PLAUSIBLE_COUNTER + 1
                    + (long) (random.nextDouble() * 900_000_000_000L)), null);
            }
            return new Value(null, null);
        }
    }

    /** One generated response. */
    record Generated(int status, Value requests, Value tokens, Delay delay, String reset, boolean resetUsable,
        int extra) {
        static final Duration USABLE_DELAY = Duration.ofSeconds(2);
        static final Duration USABLE_RESET = Duration.ofMillis(4_500);

        static Generated draw(Random random) {
            int status = random.nextInt(5) < 2 ? 429 : 200;
            Value requests = Value.draw(random, 120);
            Value tokens = Value.draw(random, 800);
            Delay delay = Delay.values()[random.nextInt(Delay.values().length)];
            int resetKind = random.nextInt(3);
            String reset = switch (resetKind) {
                case 0 -> null;
                case 1 -> random.nextBoolean() ? "4.5s" : "4500ms";
                default -> new String[] {"-3s", "soon", "3m", "1h", "99999999999s"}[random.nextInt(5)];
            };
            return new Generated(status, requests, tokens, delay, reset, resetKind == 1,
                random.nextInt(SETTINGS.initialAdmission()));
        }

        HeaderLookup headers() {
            Map<String, String> headers = new HashMap<>();
            if (requests.header != null) {
                headers.put(ThrottleHeaders.REMAINING_REQUESTS, requests.header);
            }
            if (tokens.header != null) {
                headers.put(ThrottleHeaders.REMAINING_TOKENS, tokens.header);
            }
            switch (delay) {
                case USABLE -> headers.put("retry-after", "2");
                case ABSURD -> headers.put("retry-after", "86400");
                case GARBLED -> headers.put("retry-after", "soon");
                default -> {
                }
            }
            if (reset != null) {
                // Both hints alike: whichever counter the 429 used up, its reset is the same.
                headers.put(ThrottleHeaders.RESET_REQUESTS, reset);
                headers.put(ThrottleHeaders.RESET_TOKENS, reset);
            }
            return name -> headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The same response with the garbage left out. */
        ThrottleFeedback sane() {
            Duration saneReset = resetUsable ? USABLE_RESET : null;
            return ThrottleFeedback.response(status, delay == Delay.USABLE ? USABLE_DELAY : null, requests.usable,
                tokens.usable, saneReset, saneReset);
        }
    }
}
