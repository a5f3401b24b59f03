// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;

class KeyLedgerTest {
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    static final GateSettings SETTINGS = new GateSettings(2, Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofMinutes(10));

    private final KeyLedger ledger = new KeyLedger(SETTINGS, T0);

    static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    static ThrottleFeedback ok(Long requests, Long tokens) {
        return ThrottleFeedback.response(200, null, requests, tokens, null, null);
    }

    static ThrottleFeedback throttled(Duration retryAfter) {
        return ThrottleFeedback.response(429, retryAfter, 0L, null, null, null);
    }

    @Test
    void aFourTwentyNineWithADelayHoldsEveryCostUntilItsEnd() {
        LedgerDecision first = ledger.tryTake(1, at(0));
        ledger.observe(first.sequence(), first.cost(), throttled(Duration.ofSeconds(3)), at(100));

        LedgerDecision during = ledger.tryTake(1, at(3_099));
        assertThat(during.admitted()).isFalse();
        assertThat(during.reason()).isEqualTo(ThrottleHoldReason.AFTER_429);
        assertThat(during.retryAt()).isEqualTo(at(3_100));
        assertThat(ledger.tryTake(1, at(3_100)).admitted()).isTrue();
    }

    @Test
    void theLatestEndOfAnyDelayWinsAndAShorterLaterDelayDoesNotShortenIt() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        LedgerDecision b = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), throttled(Duration.ofSeconds(5)), at(0));
        ledger.observe(b.sequence(), b.cost(), throttled(Duration.ofSeconds(1)), at(1_000));

        assertThat(ledger.tryTake(1, at(2_500)).retryAt()).isEqualTo(at(5_000));
    }

    @Test
    void aFourTwentyNineWithOnlyAResetHintHoldsUntilTheResetAndAnAbsurdHintIsAShortPause() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        LedgerDecision b = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(),
            ThrottleFeedback.response(429, null, null, 0L, null, Duration.ofSeconds(6)), at(100));

        assertThat(ledger.holdUntil()).as("x-ratelimit-reset-tokens (or the misspelt one) as the delay")
            .isEqualTo(at(6_100));

        KeyLedger other = new KeyLedger(SETTINGS, T0);
        LedgerDecision c = other.tryTake(1, at(0));
        other.observe(c.sequence(), c.cost(),
            ThrottleFeedback.response(429, null, null, null, Duration.ofSeconds(90), null), at(0));
        assertThat(other.holdUntil()).as("above maxRetryAfter: counterValidity").isEqualTo(at(1_000));
        assertThat(b.admitted()).isTrue();
    }

    @Test
    void aDelayAboveMaxRetryAfterIsNotAHoldButAShortPause() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), throttled(Duration.ofSeconds(86_400)), at(0));

        assertThat(ledger.holdUntil()).isEqualTo(at(1_000));
        assertThat(ledger.tryTake(1, at(1_000)).admitted()).isTrue();
    }

    @Test
    void slowStartAdmitsTheInitialAdmissionThenWaitsForAnAnswerAndGrowsOnSuccess() {
        assertThat(ledger.tryTake(1, at(0)).admitted()).isTrue();
        LedgerDecision second = ledger.tryTake(1, at(0));
        assertThat(second.admitted()).isTrue();
        LedgerDecision third = ledger.tryTake(1, at(0));
        assertThat(third.admitted()).isFalse();
        assertThat(third.reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
        assertThat(third.retryAt()).as("only an answer can open it").isNull();

        ledger.observe(second.sequence(), second.cost(), ok(null, null), at(10));

        assertThat(ledger.window()).isEqualTo(3);
        assertThat(ledger.tryTake(1, at(10)).admitted()).isTrue();
        assertThat(ledger.tryTake(1, at(10)).admitted()).isTrue();
        assertThat(ledger.tryTake(1, at(10)).admitted()).isFalse();
    }

    @Test
    void anErrorFreesTheSlotWithoutGrowingTheWindow() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ThrottleFeedback.error(new RuntimeException("x")), at(5));

        assertThat(ledger.window()).isEqualTo(2);
        assertThat(ledger.inFlight()).isEqualTo(1);
    }

    @Test
    void remainingRequestsBoundTheAttemptsSentAfterTheAnsweredOne() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        LedgerDecision b = ledger.tryTake(1, at(0));
        // a's answer says 3 left; b was sent after a, so only 2 more may go.
        ledger.observe(a.sequence(), a.cost(), ok(3L, null), at(50));

        assertThat(ledger.tryTake(1, at(50)).admitted()).isTrue();
        assertThat(ledger.tryTake(1, at(50)).admitted()).isTrue();
        LedgerDecision refused = ledger.tryTake(1, at(60));
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.reason()).isEqualTo(ThrottleHoldReason.REQUESTS_AT_ZERO);
        assertThat(refused.retryAt()).as("counter believed for counterValidity").isEqualTo(at(1_050));
        assertThat(b.admitted()).isTrue();
    }

    @Test
    void anAnswerIsTakenNetOfTheAttemptsStillInFlight() {
        KeyLedger ledger = new KeyLedger(new GateSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofMinutes(10)), T0);
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.tryTake(1, at(0));
        LedgerDecision c = ledger.tryTake(1, at(0));
        assertThat(c.admitted()).isTrue();
        ledger.observe(c.sequence(), c.cost(), ok(2L, null), at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, null), at(0));

        // c may have reached the server before a and b: its 2 do not yet count them.
        LedgerDecision next = ledger.tryTake(1, at(10));
        assertThat(next.admitted()).isFalse();
        assertThat(next.reason()).isEqualTo(ThrottleHoldReason.REQUESTS_AT_ZERO);
    }

    @Test
    void aStaleAnswerOvertakenByAFresherOneIsIgnored() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        LedgerDecision b = ledger.tryTake(1, at(0));
        ledger.observe(b.sequence(), b.cost(), ok(0L, null), at(50));
        ledger.observe(a.sequence(), a.cost(), ok(10L, null), at(60));

        assertThat(ledger.tryTake(1, at(70)).reason()).isEqualTo(ThrottleHoldReason.REQUESTS_AT_ZERO);
    }

    @Test
    void aCounterRisingAgainOpensTheKey() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        LedgerDecision b = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(0L, null), at(50));
        assertThat(ledger.tryTake(1, at(60)).admitted()).isFalse();

        ledger.observe(b.sequence(), b.cost(), ok(5L, null), at(400));

        assertThat(ledger.tryTake(1, at(400)).admitted()).isTrue();
    }

    @Test
    void remainingTokensBoundTheEstimatedTokensSentAfterTheAnsweredOne() {
        LedgerDecision a = ledger.tryTake(10, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, 100L), at(10));

        assertThat(ledger.tryTake(60, at(10)).admitted()).isTrue();
        LedgerDecision big = ledger.tryTake(50, at(10));
        assertThat(big.admitted()).isFalse();
        assertThat(big.reason()).isEqualTo(ThrottleHoldReason.TOKENS_AT_ZERO);
        assertThat(ledger.tryTake(40, at(10)).admitted()).as("a smaller cost that fits").isTrue();
    }

    @Test
    void aCostAboveEverythingEverSeenFreeNeedsOnlyTheLargestFreeBudgetSeen() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, 100L), at(10));

        assertThat(ledger.tryTake(5_000, at(10)).admitted()).as("never fits otherwise").isTrue();
    }

    @Test
    void aResetHintSetsHowLongACounterAtZeroHolds() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(),
            ThrottleFeedback.response(200, null, 0L, null, Duration.ofMillis(7_500), null), at(100));

        assertThat(ledger.tryTake(1, at(200)).retryAt()).isEqualTo(at(7_600));
        assertThat(ledger.tryTake(1, at(7_600)).admitted()).isTrue();
    }

    @Test
    void countersExpireWithTheirWindowAndSlowStartTakesOver() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(100L, null), at(10));
        for (int i = 0; i < 10; i++) {
            assertThat(ledger.tryTake(1, at(20)).admitted()).isTrue();
        }

        // 10 in flight, but at 1.01 s the counter is no longer believed: the slow-start window (still 2: it was never
        // the limit) decides, and it is full.
        LedgerDecision later = ledger.tryTake(1, at(1_010));
        assertThat(later.reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
    }

    @Test
    void afterAHoldASingleProbeGoesFirst() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, null), at(0));
        assertThat(ledger.window()).as("one in flight of two: not the limit, not grown").isEqualTo(2);
        LedgerDecision b = ledger.tryTake(1, at(0));
        ledger.observe(b.sequence(), b.cost(),
            ThrottleFeedback.response(429, Duration.ofSeconds(5), null, null, null, null), at(0));

        assertThat(ledger.window()).isEqualTo(1);
        assertThat(ledger.tryTake(1, at(5_000)).admitted()).isTrue();
        assertThat(ledger.tryTake(1, at(5_000)).reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
    }

    @Test
    void theCountersOfARefusalEndWithItsHold() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(),
            ThrottleFeedback.response(429, Duration.ofMillis(300), 0L, 0L, null, null), at(0));

        assertThat(ledger.tryTake(1, at(299)).reason()).isEqualTo(ThrottleHoldReason.AFTER_429);
        assertThat(ledger.tryTake(1, at(300)).admitted()).as("not held on until the counters' 1 s").isTrue();
    }

    @Test
    void aKeyIsIdleOnlyWithNothingInFlightNoHoldAndNoUseForTheTimeout() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        Duration idle = Duration.ofSeconds(10);
        assertThat(ledger.idle(at(20_000), idle)).as("in flight").isFalse();
        ledger.observe(a.sequence(), a.cost(), throttled(Duration.ofSeconds(30)), at(0));
        assertThat(ledger.idle(at(20_000), idle)).as("under a hold").isFalse();
        assertThat(ledger.idle(at(30_000), idle)).isTrue();
        ledger.tryTake(1, at(35_000));
        assertThat(ledger.idle(at(36_000), idle)).isFalse();
    }

    @Test
    void aCounterAtZeroWithoutAResetHintIsAskedAgainAfterATenthOfTheValidityBySingleProbe() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(0L, 100_000L), at(50));

        LedgerDecision held = ledger.tryTake(1, at(60));
        assertThat(held.reason()).isEqualTo(ThrottleHoldReason.REQUESTS_AT_ZERO);
        assertThat(held.retryAt()).as("a sliding window frees slots before counterValidity").isEqualTo(at(150));
        assertThat(ledger.tryTake(1, at(150)).admitted()).as("the probe").isTrue();
        assertThat(ledger.tryTake(1, at(150)).reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
    }

    @Test
    void aCounterUsedUpByTheAttemptsInFlightCountsAsAtZero() {
        KeyLedger ledger = new KeyLedger(new GateSettings(4, Duration.ofSeconds(60), Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofMinutes(10)), T0);
        LedgerDecision a = ledger.tryTake(1, at(0));
        for (int i = 0; i < 3; i++) {
            assertThat(ledger.tryTake(1, at(0)).admitted()).isTrue();
        }
        // 2 left, but 3 more are still on their way: nothing is left for a new attempt.
        ledger.observe(a.sequence(), a.cost(), ok(2L, null), at(50));

        assertThat(ledger.window()).as("one probe when it expires").isEqualTo(1);
        assertThat(ledger.tryTake(1, at(60)).retryAt()).isEqualTo(at(150));
    }

    @Test
    void tokensLeftBelowTheAnsweredCostCountAsAtZero() {
        LedgerDecision a = ledger.tryTake(300, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, 10_000L), at(10));
        LedgerDecision b = ledger.tryTake(300, at(20));
        ledger.observe(b.sequence(), b.cost(), ok(null, 200L), at(50));

        LedgerDecision held = ledger.tryTake(300, at(60));
        assertThat(held.reason()).isEqualTo(ThrottleHoldReason.TOKENS_AT_ZERO);
        assertThat(held.retryAt()).isEqualTo(at(150));
        assertThat(ledger.window()).isEqualTo(1);
    }

    @Test
    void slowStartLimitsTheAttemptsOnceTheRequestsCounterExpiresEvenWhileTheTokensCounterIsBelieved() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(100L, null), at(10));
        LedgerDecision b = ledger.tryTake(1, at(20));
        ledger.observe(b.sequence(), b.cost(), ok(null, 100_000L), at(900));
        for (int i = 0; i < 4; i++) {
            assertThat(ledger.tryTake(1, at(950)).admitted()).isTrue();
        }

        // At 1.1 s the requests counter has expired; the tokens counter (believed until 1.9 s) says nothing about
        // requests, so the slow-start window (2: never the limit) bounds what goes.
        LedgerDecision later = ledger.tryTake(1, at(1_100));
        assertThat(later.admitted()).isFalse();
        assertThat(later.reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
    }

    @Test
    void onlyATwoHundredStatusGrowsTheWindow() {
        KeyLedger ledger = new KeyLedger(new GateSettings(1, Duration.ofSeconds(60), Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofMinutes(10)), T0);
        for (int status : new int[] {299, 300, 199, 404, 500}) {
            LedgerDecision a = ledger.tryTake(1, at(0));
            ledger.observe(a.sequence(), a.cost(), ThrottleFeedback.response(status, null, null, null, null, null),
                at(0));
        }

        assertThat(ledger.window()).as("only the 299 counted").isEqualTo(2);
    }

    @Test
    void theWindowStopsGrowingAtItsLargest() {
        ArrayDeque<LedgerDecision> inFlight = new ArrayDeque<>();
        for (LedgerDecision d = ledger.tryTake(1, at(0)); d.admitted(); d = ledger.tryTake(1, at(0))) {
            inFlight.add(d);
        }
        for (int i = 0; i < KeyLedger.MAX_WINDOW + 5; i++) {
            // Kept full: one answer, then as many new attempts as the window lets go (the last one refused).
            LedgerDecision oldest = inFlight.poll();
            ledger.observe(oldest.sequence(), oldest.cost(), ok(null, null), at(0));
            for (LedgerDecision d = ledger.tryTake(1, at(0)); d.admitted(); d = ledger.tryTake(1, at(0))) {
                inFlight.add(d);
            }
        }

        assertThat(ledger.window()).isEqualTo(KeyLedger.MAX_WINDOW);
        assertThat(ledger.inFlight()).isEqualTo(KeyLedger.MAX_WINDOW);
    }

    @Test
    void aReportBeyondTheAdmissionsFreesNoSlot() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ThrottleFeedback.abandoned(), at(0));
        ledger.observe(a.sequence(), a.cost(), ThrottleFeedback.abandoned(), at(0));

        assertThat(ledger.inFlight()).isZero();
        assertThat(ledger.tryTake(1, at(0)).admitted()).isTrue();
        assertThat(ledger.tryTake(1, at(0)).admitted()).isTrue();
        assertThat(ledger.tryTake(1, at(0)).reason()).as("the window is 2, not 3").isEqualTo(
            ThrottleHoldReason.SLOW_START);
    }

    @Test
    void requestsLeftExactlyForTheAttemptsInFlightCountAsAtZero() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(1L, null), at(50));

        assertThat(ledger.window()).isEqualTo(1);
        assertThat(ledger.tryTake(1, at(60)).retryAt()).as("a tenth of the validity").isEqualTo(at(150));
    }

    @Test
    void tokensLeftExactlyForTheAnsweredCostAreNotAtZero() {
        LedgerDecision a = ledger.tryTake(10, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, 10L), at(50));

        assertThat(ledger.window()).as("not dropped to one").isEqualTo(2);
        assertThat(ledger.tryTake(10, at(60)).admitted()).isTrue();
        assertThat(ledger.tryTake(1, at(70)).retryAt()).as("believed for the whole validity").isEqualTo(at(1_050));
    }

    @Test
    void aTokensCounterAtZeroHoldsEvenTheSmallestCost() {
        LedgerDecision a = ledger.tryTake(5, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, 0L), at(50));

        LedgerDecision held = ledger.tryTake(1, at(60));
        assertThat(held.reason()).isEqualTo(ThrottleHoldReason.TOKENS_AT_ZERO);
        assertThat(held.retryAt()).isEqualTo(at(150));
    }

    @Test
    void aStaleAnswerLeavingTheSameRequestsDoesNotProlongTheCounter() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        LedgerDecision b = ledger.tryTake(1, at(0));
        ledger.observe(b.sequence(), b.cost(), ok(5L, null), at(50));
        ledger.observe(a.sequence(), a.cost(), ok(4L, null), at(500));
        for (int i = 0; i < 4; i++) {
            assertThat(ledger.tryTake(1, at(510)).admitted()).isTrue();
        }

        // The counter b answered expires at 1.05 s: then the slow-start window (3: grown once, while a and b filled
        // it) is full.
        assertThat(ledger.tryTake(1, at(1_100)).reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
    }

    @Test
    void aStaleAnswerLeavingTheSameTokensDoesNotProlongTheCounter() {
        LedgerDecision a = ledger.tryTake(10, at(0));
        LedgerDecision b = ledger.tryTake(10, at(0));
        ledger.observe(b.sequence(), b.cost(), ok(null, 100L), at(50));
        ledger.observe(a.sequence(), a.cost(), ok(null, 90L), at(500));
        for (int i = 0; i < 3; i++) {
            assertThat(ledger.tryTake(30, at(510)).admitted()).isTrue();
        }

        // The counter b answered expires at 1.05 s: then the slow-start window (3: grown once, while a and b filled
        // it) decides, and it is full. Were a's answer believed, the tokens counter would be at zero instead.
        assertThat(ledger.tryTake(1, at(1_100)).reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
    }

    @Test
    void aResetHintOfZeroOrBelowIsNoHintAndTwoMinutesIsStillOne() {
        for (Duration reset : new Duration[] {Duration.ZERO, Duration.ofMillis(-5)}) {
            KeyLedger ledger = new KeyLedger(SETTINGS, T0);
            LedgerDecision a = ledger.tryTake(1, at(0));
            ledger.observe(a.sequence(), a.cost(), ThrottleFeedback.response(200, null, 0L, null, reset, null),
                at(50));
            assertThat(ledger.tryTake(1, at(60)).retryAt()).as("reset %s", reset).isEqualTo(at(150));
        }

        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(),
            ThrottleFeedback.response(200, null, 0L, null, KeyLedger.MAX_PLAUSIBLE_RESET, null), at(50));
        assertThat(ledger.tryTake(1, at(60)).retryAt()).isEqualTo(at(50).plus(KeyLedger.MAX_PLAUSIBLE_RESET));
    }

    @Test
    void aDelayOfExactlyMaxRetryAfterIsTakenAtItsWord() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), throttled(SETTINGS.maxRetryAfter()), at(0));

        assertThat(ledger.holdUntil()).isEqualTo(at(0).plus(SETTINGS.maxRetryAfter()));
    }

    @Test
    void aFourTwentyNineWithBothResetHintsHoldsUntilTheLaterOne() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(),
            ThrottleFeedback.response(429, null, null, null, Duration.ofSeconds(8), Duration.ofSeconds(2)), at(0));
        assertThat(ledger.holdUntil()).isEqualTo(at(8_000));

        KeyLedger other = new KeyLedger(SETTINGS, T0);
        LedgerDecision b = other.tryTake(1, at(0));
        other.observe(b.sequence(), b.cost(),
            ThrottleFeedback.response(429, null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(8)), at(0));
        assertThat(other.holdUntil()).isEqualTo(at(8_000));
    }

    private static Duration holdOf(ThrottleFeedback feedback, long cost) {
        KeyLedger ledger = new KeyLedger(SETTINGS, T0);
        LedgerDecision a = ledger.tryTake(cost, at(0));
        ledger.observe(a.sequence(), a.cost(), feedback, at(0));
        return Duration.between(at(0), ledger.holdUntil());
    }

    private static ThrottleFeedback resetsOnly(Long requests, Long tokens, long resetRequests, long resetTokens) {
        return ThrottleFeedback.response(429, null, requests, tokens, Duration.ofSeconds(resetRequests),
            Duration.ofSeconds(resetTokens));
    }

    @Test
    void aFourTwentyNineWithOnlyResetHintsHoldsUntilTheResetOfTheCounterItUsedUp() {
        assertThat(holdOf(resetsOnly(0L, 5_000L, 2, 8), 10)).as("requests at zero, tokens left")
            .isEqualTo(Duration.ofSeconds(2));
        assertThat(holdOf(resetsOnly(7L, 3L, 2, 8), 10)).as("tokens below the cost, requests left")
            .isEqualTo(Duration.ofSeconds(8));
        assertThat(holdOf(resetsOnly(7L, 3L, 8, 2), 10)).as("tokens below the cost, requests left")
            .isEqualTo(Duration.ofSeconds(2));
        assertThat(holdOf(resetsOnly(null, 10L, 8, 2), 10)).as("tokens exactly the cost: not used up; unknown which")
            .isEqualTo(Duration.ofSeconds(8));
        assertThat(holdOf(resetsOnly(null, 0L, 8, 2), 1)).as("tokens at zero, requests unknown")
            .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void whenBothOrNeitherCounterIsUsedUpOrTheUsedUpOneHasNoHintTheLaterResetHolds() {
        assertThat(holdOf(resetsOnly(0L, 3L, 2, 8), 10)).as("both").isEqualTo(Duration.ofSeconds(8));
        assertThat(holdOf(resetsOnly(0L, 3L, 8, 2), 10)).as("both").isEqualTo(Duration.ofSeconds(8));
        assertThat(holdOf(resetsOnly(5L, 5_000L, 2, 8), 10)).as("neither").isEqualTo(Duration.ofSeconds(8));
        assertThat(holdOf(resetsOnly(-1L, 5_000L, 8, 2), 10)).as("a garbled counter says nothing")
            .isEqualTo(Duration.ofSeconds(8));
        assertThat(holdOf(ThrottleFeedback.response(429, null, 0L, 5_000L, null, Duration.ofSeconds(6)), 10))
            .as("the used-up requests counter has no hint").isEqualTo(Duration.ofSeconds(6));
        assertThat(holdOf(ThrottleFeedback.response(429, null, 5L, 0L, Duration.ofSeconds(6), null), 10))
            .as("the used-up tokens counter has no hint").isEqualTo(Duration.ofSeconds(6));
        assertThat(holdOf(ThrottleFeedback.response(429, null, 0L, 5_000L, Duration.ofSeconds(90),
            Duration.ofSeconds(2)), 10)).as("the used-up counter's hint is above maxRetryAfter: a short pause")
            .isEqualTo(SETTINGS.counterValidity());
    }

    @Test
    void theHoldOfACallerThatKnowsNoCostTakesACostOfOne() {
        ThrottleFeedback tokensAtZero = resetsOnly(3L, 0L, 8, 2);
        ThrottleFeedback tokensLeft = resetsOnly(0L, 1L, 2, 8);

        assertThat(KeyLedger.holdDelay(tokensAtZero, SETTINGS.maxRetryAfter())).isEqualTo(Duration.ofSeconds(2));
        assertThat(KeyLedger.holdDelay(tokensLeft, SETTINGS.maxRetryAfter())).isEqualTo(Duration.ofSeconds(2));
        assertThat(KeyLedger.holdDelay(tokensLeft, 2, SETTINGS.maxRetryAfter())).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aCounterOfExactlyTheLargestPlausibleValueIsBelievedAndOneAboveOrBelowZeroIsNot() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(KeyLedger.MAX_PLAUSIBLE_COUNTER, null), at(0));
        for (int i = 0; i < 10; i++) {
            assertThat(ledger.tryTake(1, at(10)).admitted()).as("not bound by the window").isTrue();
        }

        for (long garbled : new long[] {KeyLedger.MAX_PLAUSIBLE_COUNTER + 1, -1}) {
            KeyLedger other = new KeyLedger(SETTINGS, T0);
            LedgerDecision b = other.tryTake(1, at(0));
            other.observe(b.sequence(), b.cost(), ok(garbled, null), at(0));
            for (int i = 0; i < 3; i++) {
                other.tryTake(1, at(10));
            }
            assertThat(other.tryTake(1, at(10)).reason()).as("counter %d", garbled)
                .isEqualTo(ThrottleHoldReason.SLOW_START);
        }
    }

    @Test
    void theCountersOfAFourTwentyNineWithoutADelayAreBelievedForTheirValidity() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(),
            ThrottleFeedback.response(429, Duration.ZERO, 5L, null, null, null), at(0));

        assertThat(ledger.window()).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(ledger.tryTake(1, at(10)).admitted()).as("bound by the counter, not the window").isTrue();
        }
        assertThat(ledger.tryTake(1, at(10)).reason()).isEqualTo(ThrottleHoldReason.REQUESTS_AT_ZERO);
    }

    @Test
    void aKeyBecomesIdleExactlyAtItsTimeout() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, null), at(100));
        Duration idle = Duration.ofSeconds(10);

        assertThat(ledger.idle(at(10_099), idle)).isFalse();
        assertThat(ledger.idle(at(10_100), idle)).isTrue();
    }

    @Test
    void tokensLeftAreTakenNetOfTheCostStillInFlight() {
        LedgerDecision a = ledger.tryTake(100, at(0));
        ledger.tryTake(100, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, 150L), at(50));

        assertThat(ledger.window()).as("50 left for a cost of 100: at zero").isEqualTo(1);
        LedgerDecision held = ledger.tryTake(100, at(60));
        assertThat(held.reason()).isEqualTo(ThrottleHoldReason.TOKENS_AT_ZERO);
        assertThat(held.retryAt()).isEqualTo(at(150));
    }

    @Test
    void aBelievedTokensCounterAloneLiftsTheWindowUntilItExpires() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        ledger.observe(a.sequence(), a.cost(), ok(null, 100_000L), at(10));
        for (int i = 0; i < 5; i++) {
            assertThat(ledger.tryTake(1, at(20)).admitted()).as("not bound by the window (2)").isTrue();
        }

        assertThat(ledger.tryTake(1, at(1_010)).reason()).isEqualTo(ThrottleHoldReason.SLOW_START);
    }

    @Test
    void aStaleTokensAnswerArrivingAfterTheCounterExpiredIsBelieved() {
        LedgerDecision a = ledger.tryTake(1, at(0));
        LedgerDecision b = ledger.tryTake(1, at(0));
        ledger.observe(b.sequence(), b.cost(), ok(null, 100L), at(50));
        ledger.observe(a.sequence(), a.cost(), ok(null, 100L), at(1_200));

        for (int i = 0; i < 5; i++) {
            assertThat(ledger.tryTake(1, at(1_210)).admitted()).as("not bound by the window (3)").isTrue();
        }
    }
}
