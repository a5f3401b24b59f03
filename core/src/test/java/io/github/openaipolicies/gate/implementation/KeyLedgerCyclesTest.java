// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.github.openaipolicies.gate.implementation.KeyLedgerTest.at;
import static io.github.openaipolicies.gate.implementation.KeyLedgerTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key that never shows a counter learns from its 429s: what the server admitted between two holds goes at once
 * when the next hold ends, then a single probe at a time finds out whether there is more.
 */
class KeyLedgerCyclesTest {
    private static final GateSettings SETTINGS = new GateSettings(4, Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofMinutes(10));

    private final KeyLedger ledger = new KeyLedger(SETTINGS, KeyLedgerTest.T0);

    private static ThrottleFeedback sparse429(long seconds) {
        return ThrottleFeedback.response(429, Duration.ofSeconds(seconds), null, null, null, null);
    }

    private List<LedgerDecision> fill(Instant now) {
        List<LedgerDecision> admitted = new ArrayList<>();
        for (LedgerDecision d = ledger.tryTake(1, now); d.admitted(); d = ledger.tryTake(1, now)) {
            admitted.add(d);
        }
        return admitted;
    }

    private void answer(LedgerDecision d, ThrottleFeedback feedback, Instant now) {
        ledger.observe(d.sequence(), d.cost(), feedback, now);
    }

    @Test
    void theSuccessesBetweenTwoHoldsGoAtOnceWhenTheNextHoldEndsThenOneProbeAtATime() {
        List<LedgerDecision> first = fill(at(0));
        assertThat(first).hasSize(4);
        for (int i = 0; i < 3; i++) {
            answer(first.get(i), ok(null, null), at(10));
        }
        answer(first.get(3), sparse429(2), at(10));
        assertThat(ledger.allowance()).isEqualTo(3);

        List<LedgerDecision> burst = fill(at(2_010));
        assertThat(burst).as("what the server admitted last time").hasSize(3);
        assertThat(ledger.tryTake(1, at(2_010)).reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
        burst.forEach(d -> answer(d, ok(null, null), at(2_020)));
        assertThat(ledger.window()).as("the burst's successes do not grow the probe's window").isEqualTo(1);

        List<LedgerDecision> probe = fill(at(2_020));
        assertThat(probe).hasSize(1);
        answer(probe.get(0), ok(null, null), at(2_030));
        assertThat(fill(at(2_030))).as("a probe's success: room for more, slow start").hasSize(2);
    }

    @Test
    void aCycleCutShortByA429LowersTheAllowanceToWhatWasAdmitted() {
        learnAllowance(6);
        List<LedgerDecision> burst = fill(at(1_100));
        assertThat(burst).hasSize(6);
        answer(burst.get(0), ok(null, null), at(1_110));
        answer(burst.get(1), ok(null, null), at(1_110));
        answer(burst.get(2), sparse429(1), at(1_110));

        assertThat(ledger.allowance()).isEqualTo(2);
        answer(burst.get(3), sparse429(1), at(1_111));
        answer(burst.get(4), ok(null, null), at(1_112));
        answer(burst.get(5), ok(null, null), at(1_112));
        assertThat(ledger.allowance()).as("late successes of the closed cycle count, a late 429 closes nothing")
            .isEqualTo(4);
        assertThat(fill(at(2_111))).hasSize(4);
    }

    @Test
    void aCycleClosedByItsFirstAttemptCountsWhatSucceededAfter() {
        learnAllowance(5);
        List<LedgerDecision> burst = fill(at(1_100));
        answer(burst.get(0), sparse429(1), at(1_110));
        assertThat(ledger.allowance()).isZero();
        burst.subList(1, 4).forEach(d -> answer(d, ok(null, null), at(1_110)));

        assertThat(ledger.allowance()).as("the three that went through").isEqualTo(3);
        assertThat(fill(at(2_110))).hasSize(3);
    }

    @Test
    void aLate429OfAClosedCycleDoesNotCloseTheCurrentOne() {
        List<LedgerDecision> first = fill(at(0));
        answer(first.get(3), sparse429(1), at(10));
        answer(first.get(0), ok(null, null), at(20));
        answer(first.get(1), ok(null, null), at(20));
        assertThat(ledger.allowance()).isEqualTo(2);

        List<LedgerDecision> burst = fill(at(1_010));
        assertThat(burst).hasSize(2);
        answer(first.get(2), sparse429(1), at(1_020));
        assertThat(ledger.allowance()).isEqualTo(2);
        answer(burst.get(0), ok(null, null), at(1_030));
        answer(burst.get(1), ok(null, null), at(1_030));
        List<LedgerDecision> probe = fill(at(2_020));
        assertThat(probe).as("the allowance was spent: one probe").hasSize(1);
        answer(probe.get(0), sparse429(1), at(2_030));
        assertThat(ledger.allowance()).as("the current cycle's two successes").isEqualTo(2);
    }

    @Test
    void aKeyThatShowedACounterIsPacedByItsCountersNotByAnAllowance() {
        LedgerDecision counted = ledger.tryTake(1, at(0));
        answer(counted, ok(500L, null), at(0));
        for (int i = 0; i < 3; i++) {
            answer(ledger.tryTake(1, at(5)), ok(null, null), at(5));
        }
        answer(ledger.tryTake(1, at(10)), sparse429(2), at(10));

        assertThat(fill(at(2_010))).as("a single probe after the hold, as before").hasSize(1);
    }

    @Test
    void afterALullTheAllowanceIsNotSentAtOnceButSlowStartStopsAtIt() {
        learnAllowance(10);

        List<LedgerDecision> inFlight = new ArrayList<>(fill(at(2_100)));
        assertThat(inFlight).as("a second of silence after the hold: a fresh slow start").hasSize(1);
        int sent = 1;
        while (sent < 10) {
            answer(inFlight.remove(0), ok(null, null), at(2_110));
            List<LedgerDecision> more = fill(at(2_110));
            sent += more.size();
            inFlight.addAll(more);
        }
        assertThat(sent).as("slow start stops at the allowance").isEqualTo(10);
        assertThat(ledger.window()).isEqualTo(1);
        assertThat(fill(at(2_110))).isEmpty();
    }

    @Test
    void aLongRunWithoutA429TeachesNoBurstButStopsSlowStart() {
        for (int i = 0; i < 40; i++) {
            answer(ledger.tryTake(1, at(i * 100L)), ok(null, null), at(i * 100L));
        }
        // 4 s of successes, then a 429 asking for 1 s: more than four holds long.
        answer(ledger.tryTake(1, at(4_001)), sparse429(1), at(4_001));
        assertThat(ledger.allowance()).isEqualTo(40);

        assertThat(fill(at(5_001))).as("a single probe, not 40 at once").hasSize(1);
    }

    @Test
    void aRunOfExactlyFourHoldsStillTeachesABurst() {
        for (int i = 0; i < 40; i++) {
            answer(ledger.tryTake(1, at(i * 100L)), ok(null, null), at(i * 100L));
        }
        answer(ledger.tryTake(1, at(4_000)), sparse429(1), at(4_000));

        assertThat(fill(at(5_000))).hasSize(40);
    }

    @Test
    void aCycleIsTimedFromTheEndOfTheHoldThatBeganIt() {
        learnAllowance(3);
        fill(at(1_100)).forEach(d -> answer(d, ok(null, null), at(1_110)));
        for (long t = 1_500; t <= 4_000; t += 500) {
            answer(ledger.tryTake(1, at(t)), ok(null, null), at(t));
        }
        // 3.4 s since the hold ended at 1.1 s (4.5 s since the key was created), then a 429 asking for 1 s.
        answer(ledger.tryTake(1, at(4_500)), sparse429(1), at(4_500));

        assertThat(fill(at(5_500))).as("3 + 6 successes at once").hasSize(9);
    }

    @Test
    void aCycleAfterALullIsTimedFromTheLull() {
        learnAllowance(3);
        List<LedgerDecision> slowStart = fill(at(10_000));
        assertThat(slowStart).hasSize(1);
        answer(slowStart.get(0), ok(null, null), at(10_010));
        answer(fill(at(10_010)).get(0), sparse429(1), at(10_020));

        assertThat(fill(at(11_020))).as("a short cycle since the lull at 10 s: its success goes at once").hasSize(1);
        assertThat(ledger.window()).isEqualTo(1);
    }

    @Test
    void theHoldIsNoSilence() {
        learnAllowance(5, 5);

        assertThat(fill(at(5_100))).as("five seconds of hold are no lull").hasSize(5);
    }

    private void learnAllowance(int allowance) {
        learnAllowance(allowance, 1);
    }

    /** One attempt after another, {@code allowance} successes, then a 429 asking for {@code seconds} at 100 ms. */
    private void learnAllowance(int allowance, long seconds) {
        for (int i = 0; i < allowance; i++) {
            answer(ledger.tryTake(1, at(i)), ok(null, null), at(i));
        }
        answer(ledger.tryTake(1, at(100)), sparse429(seconds), at(100));
        assertThat(ledger.allowance()).isEqualTo(allowance);
    }
}
