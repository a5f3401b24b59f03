// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import static io.github.openaipolicies.gate.implementation.KeyLedgerTest.at;
import static io.github.openaipolicies.gate.implementation.KeyLedgerTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slow-start window as a congestion window: it grows only while it is the limit, and decays when nothing is
 * learned, so a burst after a lull is bounded by what the server last said or starts slowly again.
 */
class KeyLedgerWindowTest {
    private static final GateSettings SETTINGS = new GateSettings(4, Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofMinutes(10));

    private final KeyLedger ledger = new KeyLedger(SETTINGS, KeyLedgerTest.T0);
    private final Deque<LedgerDecision> inFlight = new ArrayDeque<>();

    /** Admits at {@code now} until the ledger says no; returns how many went. */
    private int fill(Instant now) {
        int admitted = 0;
        for (LedgerDecision d = ledger.tryTake(1, now); d.admitted(); d = ledger.tryTake(1, now)) {
            inFlight.add(d);
            admitted++;
        }
        return admitted;
    }

    private void answerOldest(ThrottleFeedback feedback, Instant now) {
        LedgerDecision oldest = inFlight.poll();
        ledger.observe(oldest.sequence(), oldest.cost(), feedback, now);
    }

    @Test
    void successesWhileFewerAttemptsAreInFlightThanTheWindowAllowsDoNotGrowIt() {
        for (int i = 0; i < 100; i++) {
            LedgerDecision one = ledger.tryTake(1, at(i));
            ledger.observe(one.sequence(), one.cost(), ok(null, null), at(i));
        }

        assertThat(ledger.window()).as("never the limit").isEqualTo(4);
    }

    @Test
    void theWindowGrowsByOneForEachSuccessWhileItIsTheLimit() {
        assertThat(fill(at(0))).isEqualTo(4);
        answerOldest(ok(null, null), at(10));
        assertThat(ledger.window()).as("refused for slow start since the last growth").isEqualTo(5);
        answerOldest(ok(null, null), at(10));
        assertThat(ledger.window()).as("no refusal, in flight below the window since the growth").isEqualTo(5);

        // Filling it without a refusal is being the limit too.
        for (int i = 0; i < 3; i++) {
            inFlight.add(ledger.tryTake(1, at(20)));
        }
        assertThat(ledger.inFlight()).isEqualTo(5);
        answerOldest(ok(null, null), at(30));
        assertThat(ledger.window()).isEqualTo(6);
    }

    @Test
    void successesWhileCountersDecideDoNotGrowTheWindow() {
        LedgerDecision first = ledger.tryTake(1, at(0));
        ledger.observe(first.sequence(), first.cost(), ok(1_000L, null), at(0));
        for (int i = 0; i < 50; i++) {
            inFlight.add(ledger.tryTake(1, at(10)));
        }
        while (!inFlight.isEmpty()) {
            answerOldest(ok(1_000L, null), at(20));
        }

        assertThat(ledger.window()).isEqualTo(4);
    }

    @Test
    void onlyTheSuccessesOfAttemptsAdmittedSinceTheWindowShrankGrowIt() {
        fill(at(0));
        LedgerDecision throttled = inFlight.pollLast();
        ledger.observe(throttled.sequence(), throttled.cost(),
            ThrottleFeedback.response(429, Duration.ofSeconds(1), null, null, null, null), at(10));
        assertThat(ledger.window()).isEqualTo(1);

        // Sent before the 429: their successes say nothing about the window after it.
        while (!inFlight.isEmpty()) {
            ledger.tryTake(1, at(20));
            answerOldest(ok(null, null), at(20));
        }
        assertThat(ledger.window()).isEqualTo(1);
    }

    @Test
    void aWindowNoLongerUsedHalvesForEachCounterValidityOfSilenceDownToTheInitialAdmission() {
        learn(64, at(100));

        assertThat(fill(at(1_099))).as("silent for less than the validity").isEqualTo(64);
        abandon();
        assertThat(fill(at(2_100))).as("two validities after the last answer").isEqualTo(16);
        abandon();
        assertThat(fill(at(3_099))).as("the third not yet over").isEqualTo(16);
        abandon();
        assertThat(fill(at(3_100))).isEqualTo(8);
        abandon();
        assertThat(fill(at(60_000))).as("never below the initial admission").isEqualTo(4);
    }

    @Test
    void nothingDecaysWhileAttemptsAreInFlightAndAWindowBelowTheInitialAdmissionIsNotRaised() {
        growTo(16, at(0));
        assertThat(ledger.tryTake(1, at(5_000)).reason()).as("waiting for answers is not silence")
            .isEqualTo(ThrottleHoldReason.SLOW_START);
        assertThat(ledger.window()).isEqualTo(16);

        KeyLedger held = new KeyLedger(SETTINGS, KeyLedgerTest.T0);
        LedgerDecision a = held.tryTake(1, at(0));
        held.observe(a.sequence(), a.cost(), ThrottleFeedback.response(429, Duration.ofSeconds(5), 0L, null, null,
            null), at(0));
        LedgerDecision probe = held.tryTake(1, at(5_000));
        held.observe(probe.sequence(), probe.cost(), ThrottleFeedback.abandoned(), at(5_000));

        assertThat(held.tryTake(1, at(7_000)).admitted()).isTrue();
        assertThat(held.tryTake(1, at(7_000)).reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
        assertThat(held.window()).isEqualTo(1);
    }

    @Test
    void afterSilenceTheWindowIsCutToTheLastRequestsCounterTheServerSent() {
        LedgerDecision first = ledger.tryTake(1, at(0));
        ledger.observe(first.sequence(), first.cost(), ok(30L, null), at(0));
        // The counter lapses (believed until 1 s); the window is the limit and grows to 64 in 20 ms.
        learn(64, at(1_020));

        assertThat(fill(at(2_020))).as("halved once to 32, then cut to the 30 the server last said").isEqualTo(30);
    }

    @Test
    void afterSilenceALastRequestsCounterAtZeroMeansAFreshSlowStart() {
        LedgerDecision first = ledger.tryTake(1, at(0));
        ledger.observe(first.sequence(), first.cost(), ok(0L, null), at(0));
        learn(16, at(200));

        assertThat(fill(at(1_200))).as("halved once to 8, then cut to the initial admission").isEqualTo(4);
    }

    /**
     * The held-out lull: a steady phase with counters (1,000 left on every answer), then one where the counters
     * lapse and the window is the limit, a pause of a few seconds, then a burst of 5,000 attempts at one instant.
     */
    @Test
    void aBurstAfterALullIsBoundedByWhatTheServerLastSaid() {
        for (int i = 0; i < 2_000; i++) {
            LedgerDecision one = ledger.tryTake(1, at(i));
            ledger.observe(one.sequence(), one.cost(), ok(1_000L, null), at(i));
        }
        assertThat(ledger.window()).as("2,004 before: grown by every success").isEqualTo(4);
        learn(2_000, at(3_000));

        int burst = 0;
        for (int i = 0; i < 5_000; i++) {
            burst += ledger.tryTake(1, at(6_500)).admitted() ? 1 : 0;
        }
        System.out.println("aBurstAfterALullIsBoundedByWhatTheServerLastSaid: " + burst + " of 5000 at once");
        assertThat(burst).isBetween(SETTINGS.initialAdmission(), 1_000);
    }

    /** Keeps the window the limit until it is {@code size}: fill, one success, fill again. */
    private void growTo(int size, Instant now) {
        fill(now);
        while (ledger.window() < size) {
            answerOldest(ok(null, null), now);
            fill(now);
        }
    }

    /** Grows the window to {@code size} and answers everything in flight at {@code now}. */
    private void learn(int size, Instant now) {
        growTo(size - 1, now);
        while (!inFlight.isEmpty()) {
            answerOldest(ok(null, null), now);
        }
        assertThat(ledger.window()).isEqualTo(size);
    }

    /** Reports everything in flight as abandoned: frees the slots, teaches nothing. */
    private void abandon() {
        while (!inFlight.isEmpty()) {
            answerOldest(ThrottleFeedback.abandoned(), at(0));
        }
    }
}
