// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleHoldReason;

import java.time.Duration;
import java.time.Instant;

/**
 * What is known about one quota key, and the decision "may this cost go now, else when to ask again". Pure: no I/O,
 * no clock of its own (every method takes {@code now}), not thread-safe (its {@link KeyQueue} guards it).
 *
 * <p>It keeps: the end of the latest hold a 429 asked for; what the {@code x-ratelimit-remaining-requests} and
 * {@code -tokens} counters leave, and until when they are believed; the attempts (and estimated tokens) in flight; the
 * slow-start window, the attempts allowed in flight while a counter the key has shown is no longer believed (or none
 * was ever shown); and, for a key that never showed a counter, what one of the server's windows admitted.</p>
 *
 * <p><b>The window grows only while it is the limit</b>, as a congestion window does: by one for each success of an
 * attempt admitted since the window last shrank, and only when, since its last growth, an attempt was refused for
 * slow start or the attempts in flight reached it. Successes while counters decide, or while fewer attempts are in
 * flight than it allows, teach nothing about how many may be in flight, so they leave it alone. It drops to one after
 * a 429 or a counter at zero: when the hold or the counter ends, a single probe finds out how much the new window
 * admits.</p>
 *
 * <p><b>The window decays when nothing is learned.</b> For each {@code counterValidity} that passes with nothing in
 * flight, no hold pending and no answer, a window above the initial admission halves, down to the initial admission
 * (as TCP halves an idle connection's window once per retransmission time-out, RFC 2861); and, when the key has shown
 * a requests counter, it is cut to the last such counter's value (or the initial admission, when that is larger). A
 * burst after a lull is thus bounded by what the server last said, or starts slowly again: what a window admitted
 * before a pause is not known to hold after it, and counters believed for {@code counterValidity} are the gate's own
 * measure of how long anything learned stays true.</p>
 *
 * <p><b>Keys without counters learn from their 429s.</b> A server that answers with a {@code Retry-After} only tells
 * when its window frees again, not how much it admits. So the ledger counts cycles: one starts when a 429 (to an
 * attempt of the current cycle) starts a hold, and what the server admitted during the cycle before, the successes of
 * its attempts, is the cycle's allowance. When the hold ends, up to the allowance goes at once, without waiting for the
 * window: the server admitted that many last time, and its delay said when it would admit again. Then the window
 * drops to one and slow start probes for more: a success means the window has room left, and a 429 ends the cycle,
 * telling exactly when the next begins. A fixed or sliding window is thus met with a burst of what it admits and a
 * single 429 each time it is used up, instead of a 429 for every attempt in flight, and without a period to guess
 * from whole-second delays. (Additive increase and multiplicative decrease come with it: slow start finds room beyond
 * the allowance, and a cycle cut short by a 429 lowers it to what was admitted.) After a lull (above), and after a
 * cycle that lasted more than four times the hold that ended it (a long run without a 429 spans many of the server's
 * windows, and its successes say little about one), the allowance is not sent at once: slow start only stops at it to
 * probe. A key that has shown a counter is paced by its counters instead, as before.</p>
 *
 * <p>A counter at zero (net of the attempts in flight; for tokens: less than the answered attempt's cost) without a
 * reset hint says only that nothing is left now, not when something will be: the server's window may slide, freeing
 * a slot at a time as old requests leave it. So it is believed for a tenth of the counter validity only; then a
 * single probe asks again. Either the probe goes through and its answer says how much the window has freed, or it
 * gets a 429 whose delay says exactly when the next slot frees.</p>
 *
 * <p>A counter is read pessimistically: attempts reach the server in another order than they left the gate, so an
 * answer's counter may not yet include any attempt still in flight. What it leaves is its value minus everything in
 * flight when it arrives, minus everything admitted after. An answer to an attempt admitted before the freshest one
 * answered so far is believed only when it leaves less.</p>
 */
public final class KeyLedger {
    /** The largest slow-start window. */
    static final int MAX_WINDOW = 1 << 16;
    /** Counter values above this are taken as garbled. */
    public static final long MAX_PLAUSIBLE_COUNTER = 1_000_000_000L;
    /** Reset hints above this are taken as garbled. */
    public static final Duration MAX_PLAUSIBLE_RESET = Duration.ofMinutes(2);
    /** A counter at zero without a reset hint is believed for the counter validity divided by this. */
    public static final int ZERO_RECHECK_DIVISOR = 10;
    /** A cycle longer than this many times the hold that ends it spanned more than one of the server's windows. */
    static final int MAX_CYCLE_HOLDS = 4;
    private static final int MAX_HALVINGS = 31;

    private final GateSettings settings;
    private Instant holdUntil = Instant.MIN;
    private long admitted;
    private long admittedCost;
    private int inFlight;
    private long inFlightCost;
    private int window;
    /** Only answers to attempts admitted after this many admissions grow the window. */
    private long windowFrom;
    /** Whether the window was the limit since it last grew. */
    private boolean limited;
    /** Whether the admission being decided is bound by the window. */
    private boolean windowBinds;
    /** Since when (epoch milliseconds) nothing was learned: the last answer, the end of the hold, the last decay. */
    private long quietFrom;
    /** The last requests counter believed, as the server said it; -1 before the first. */
    private long requestsSaid = -1;
    private final Cycles cycles = new Cycles();
    private final Counter requests = new Counter();
    private final Counter tokens = new Counter();
    private long freshestSequence;
    private long tokenCapacity;
    private boolean requestsShown;
    private boolean tokensShown;
    private Instant lastUsed;

    /**
     * Creates the ledger of a key nothing is known about.
     *
     * @param settings the gate's settings
     * @param now the current time
     */
    public KeyLedger(GateSettings settings, Instant now) {
        this.settings = settings;
        this.window = settings.initialAdmission();
        this.lastUsed = now;
        this.quietFrom = now.toEpochMilli();
        this.cycles.startMillis = quietFrom;
    }

    /**
     * Admits and charges {@code cost} if it may go now, else says when to ask again and why.
     *
     * @param cost the estimated tokens, 1 or more
     * @param now the current time
     * @return the decision
     */
    public LedgerDecision tryTake(long cost, Instant now) {
        ThrottleHoldReason refusal = refusal(cost, now);
        if (refusal == null) {
            return LedgerDecision.admit(charge(cost), cost);
        }
        return switch (refusal) {
            case AFTER_429 -> LedgerDecision.holdUntil(holdUntil, refusal);
            case REQUESTS_AT_ZERO -> LedgerDecision.holdUntil(Instant.ofEpochMilli(requests.validUntil), refusal);
            case TOKENS_AT_ZERO -> LedgerDecision.holdUntil(Instant.ofEpochMilli(tokens.validUntil), refusal);
            default -> LedgerDecision.awaitAnswer(refusal);
        };
    }

    /**
     * Admits and charges {@code cost} if it may go now, without saying why not: the cheap form of {@link #tryTake}
     * for an attempt that will ask {@code tryTake} again when refused.
     *
     * @param cost the estimated tokens, 1 or more
     * @param now the current time
     * @return the admission's sequence number (1 or more), or 0 when it may not go now
     */
    public long tryTakeNow(long cost, Instant now) {
        return refusal(cost, now) == null ? charge(cost) : 0;
    }

    private ThrottleHoldReason refusal(long cost, Instant now) {
        lastUsed = now;
        windowBinds = false;
        if (now.isBefore(holdUntil)) {
            return ThrottleHoldReason.AFTER_429;
        }
        long nowMillis = now.toEpochMilli();
        decay(nowMillis);
        boolean requestsKnown = requests.believedAt(nowMillis);
        boolean tokensKnown = tokens.believedAt(nowMillis);
        if (requestsKnown && requests.left(admitted) <= 0) {
            return ThrottleHoldReason.REQUESTS_AT_ZERO;
        }
        if (tokensKnown) {
            long left = tokens.leftTokens(admittedCost);
            long need = tokenCapacity > 0 ? Math.min(cost, tokenCapacity) : cost;
            if (left < need) {
                return ThrottleHoldReason.TOKENS_AT_ZERO;
            }
        }
        boolean someCounterUnknown = !requestsShown && !tokensShown || requestsShown && !requestsKnown
            || tokensShown && !tokensKnown;
        if (!someCounterUnknown || countersNeverShown() && cycles.allowanceLeft(admitted) > 0) {
            return null;
        }
        if (inFlight >= window) {
            limited = true;
            return ThrottleHoldReason.SLOW_START;
        }
        windowBinds = true;
        return null;
    }

    private long charge(long cost) {
        admitted++;
        admittedCost += cost;
        inFlight++;
        inFlightCost += cost;
        if (windowBinds && inFlight >= window) {
            limited = true;
        }
        if (countersNeverShown() && cycles.spentBy(admitted)) {
            // The allowance is spent: a single probe at a time finds out whether the server's window has room left.
            shrinkWindow();
        }
        return admitted;
    }

    private boolean countersNeverShown() {
        return !requestsShown && !tokensShown;
    }

    private void shrinkWindow() {
        window = 1;
        windowFrom = admitted;
        limited = false;
    }

    /**
     * Lets the window decay for every {@code counterValidity} in which nothing was learned: nothing in flight, no
     * hold pending, no answer.
     */
    private void decay(long nowMillis) {
        if (inFlight > 0) {
            return;
        }
        long validity = settings.counterValidity().toMillis();
        long periods = (nowMillis - quietFrom) / validity;
        if (periods <= 0) {
            return;
        }
        quietFrom += periods * validity;
        int initial = settings.initialAdmission();
        // Halved, but never below the initial admission, and never raised to it either.
        window = Math.min(window, Math.max(initial, window >> Math.min(periods, MAX_HALVINGS)));
        if (requestsSaid >= 0) {
            window = (int) Math.min(window, Math.max(initial, requestsSaid));
        }
        cycles.lull(admitted, nowMillis);
    }

    /**
     * Absorbs what one admitted attempt learned.
     *
     * @param sequence the admission's {@link LedgerDecision#sequence()}
     * @param cost the admission's {@link LedgerDecision#cost()}
     * @param feedback what the attempt's response said
     * @param now the current time
     */
    public void observe(long sequence, long cost, ThrottleFeedback feedback, Instant now) {
        lastUsed = now;
        if (inFlight > 0) {
            inFlight--;
            inFlightCost = Math.max(0, inFlightCost - cost);
        }
        if (feedback.status() == 0) {
            // An error or a cancellation: nothing learned.
            return;
        }
        quietFrom = Math.max(quietFrom, now.toEpochMilli());
        boolean success = feedback.status() >= 200 && feedback.status() < 300;
        if (feedback.isThrottled()) {
            Duration delay = holdDelay(feedback, cost, settings.maxRetryAfter());
            Instant end = now.plus(delay == null ? settings.counterValidity() : delay);
            if (end.isAfter(holdUntil)) {
                holdUntil = end;
                // A hold is no silence: nothing can be learned before it ends.
                quietFrom = Math.max(quietFrom, end.toEpochMilli());
            }
            cycles.throttled(sequence, admitted, now.toEpochMilli(), end.toEpochMilli());
            shrinkWindow();
        } else if (success) {
            cycles.succeeded(sequence);
            if (limited && sequence > windowFrom && window < MAX_WINDOW) {
                window++;
                limited = false;
            }
        }
        Long remainingRequests = plausibleCounter(feedback.remainingRequests());
        Long remainingTokens = plausibleCounter(feedback.remainingTokens());
        if (remainingRequests == null && remainingTokens == null) {
            return;
        }
        boolean freshest = sequence >= freshestSequence;
        freshestSequence = Math.max(freshestSequence, sequence);
        boolean requestsExhausted = remainingRequests != null && remainingRequests - inFlight <= 0;
        boolean tokensExhausted = remainingTokens != null && remainingTokens - inFlightCost < Math.max(1, cost);
        if (requestsExhausted || tokensExhausted) {
            // When the counter expires, one probe finds out whether the window has moved on.
            shrinkWindow();
        }
        long nowMillis = now.toEpochMilli();
        if (remainingRequests != null) {
            requestsShown = true;
            long left = remainingRequests - inFlight;
            if (freshest || !requests.believedAt(nowMillis) || left < requests.left(admitted)) {
                requests.answered(left, admitted, admittedCost,
                    believedUntil(feedback, requestsExhausted, feedback.resetRequests(), now));
                requestsSaid = remainingRequests;
            }
        }
        if (remainingTokens != null) {
            tokensShown = true;
            long left = remainingTokens - inFlightCost;
            if (freshest || !tokens.believedAt(nowMillis) || left < tokens.leftTokens(admittedCost)) {
                tokens.answered(left, admitted, admittedCost,
                    believedUntil(feedback, tokensExhausted, feedback.resetTokens(), now));
            }
            tokenCapacity = Math.max(tokenCapacity, remainingTokens);
        }
    }

    /**
     * Whether the key can be forgotten: nothing in flight, no hold pending, unused for {@code idleTimeout}.
     *
     * @param now the current time
     * @param idleTimeout the idle timeout
     * @return true when forgetting the key loses nothing that still matters
     */
    public boolean idle(Instant now, Duration idleTimeout) {
        return inFlight == 0 && !now.isBefore(holdUntil) && !now.isBefore(lastUsed.plus(idleTimeout));
    }

    /**
     * The attempts admitted and not yet reported.
     *
     * @return the attempts in flight
     */
    public int inFlight() {
        return inFlight;
    }

    /**
     * The attempts allowed in flight while no counter is believed (and, for a key without counters, its allowance
     * is spent).
     *
     * @return the slow-start window
     */
    public int window() {
        return window;
    }

    /**
     * What the server admitted in the last cycle between two holds, for a key that never showed a counter.
     *
     * @return the allowance, 0 before the first 429
     */
    long allowance() {
        return cycles.allowance;
    }

    /**
     * The end of the latest hold.
     *
     * @return the end, {@link Instant#MIN} when there never was one
     */
    public Instant holdUntil() {
        return holdUntil;
    }

    /** Until when (epoch milliseconds) an answer's counter is believed. */
    private long believedUntil(ThrottleFeedback feedback, boolean exhausted, Duration reset, Instant now) {
        boolean hinted = reset != null && !reset.isNegative() && !reset.isZero()
            && reset.compareTo(MAX_PLAUSIBLE_RESET) <= 0;
        Duration validity;
        if (hinted) {
            validity = reset;
        } else if (exhausted && !feedback.isThrottled()) {
            validity = settings.counterValidity().dividedBy(ZERO_RECHECK_DIVISOR);
        } else {
            validity = settings.counterValidity();
        }
        long until = now.toEpochMilli() + validity.toMillis();
        // The counters of a refusal describe the window the hold waits out; after it they say nothing.
        return feedback.isThrottled() && holdUntil.isAfter(now) && holdUntil.toEpochMilli() < until
            ? holdUntil.toEpochMilli() : until;
    }

    /**
     * How long a 429 holds its key, for an attempt of cost 1: {@link #holdDelay(ThrottleFeedback, long, Duration)}.
     *
     * @param feedback the 429's feedback
     * @param maxRetryAfter the longest delay taken at its word
     * @return the hold, or null when the 429 says nothing usable (the caller holds for the counter validity)
     */
    public static Duration holdDelay(ThrottleFeedback feedback, Duration maxRetryAfter) {
        return holdDelay(feedback, 1, maxRetryAfter);
    }

    /**
     * How long a 429 holds its key: its delay, or, when it has none usable, the reset hint of the counter it used up
     * (Azure answers a token limit with only {@code x-ratelimit-reset-tokens}). The 429's own counters say which:
     * remaining requests at zero, the requests reset; remaining tokens below the attempt's cost, the tokens reset;
     * when they say neither or both, or the used-up counter has no hint, the later of both hints. A delay that is
     * negative or above {@code maxRetryAfter} is not usable.
     *
     * @param feedback the 429's feedback
     * @param cost the refused attempt's estimated tokens
     * @param maxRetryAfter the longest delay taken at its word
     * @return the hold, or null when the 429 says nothing usable (the caller holds for the counter validity)
     */
    public static Duration holdDelay(ThrottleFeedback feedback, long cost, Duration maxRetryAfter) {
        Duration delay = usableDelay(feedback.retryAfter(), maxRetryAfter);
        if (delay != null) {
            return delay;
        }
        Long remainingRequests = plausibleCounter(feedback.remainingRequests());
        Long remainingTokens = plausibleCounter(feedback.remainingTokens());
        boolean requestsOut = remainingRequests != null && remainingRequests == 0;
        boolean tokensOut = remainingTokens != null && remainingTokens < Math.max(1, cost);
        Duration reset;
        if (requestsOut && !tokensOut && feedback.resetRequests() != null) {
            reset = feedback.resetRequests();
        } else if (tokensOut && !requestsOut && feedback.resetTokens() != null) {
            reset = feedback.resetTokens();
        } else {
            reset = later(feedback.resetRequests(), feedback.resetTokens());
        }
        return usableDelay(reset, maxRetryAfter);
    }

    private static Duration later(Duration a, Duration b) {
        return a == null ? b : b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration usableDelay(Duration delay, Duration maxRetryAfter) {
        if (delay == null || delay.isNegative() || delay.compareTo(maxRetryAfter) > 0) {
            return null;
        }
        return delay;
    }

    private static Long plausibleCounter(Long value) {
        return value == null || value < 0 || value > MAX_PLAUSIBLE_COUNTER ? null : value;
    }

    /**
     * The cycles of a key that never showed a counter: a cycle ends when a 429 to one of its attempts starts a hold,
     * and what the server admitted in it (the successes of its attempts, also those answered late) is the allowance
     * the next cycle may send at once.
     */
    private static final class Cycles {
        private long allowance;
        /** Whether the current cycle may spend the allowance at once: it followed a short cycle, not a lull. */
        private boolean spendable;
        /** When (epoch milliseconds) the current cycle began: the end of the hold that began it, or a lull. */
        private long startMillis;
        private long first = 1;
        private long successes;
        private long closedFirst = 1;
        private long closedLast;

        /** What the current cycle may still send without waiting for the window. */
        long allowanceLeft(long admitted) {
            return spendable ? allowance - (admitted - first + 1) : 0;
        }

        /**
         * Whether the admission numbered {@code admitted} reached the allowance: sent at once after a 429, or slowly
         * started after a lull.
         */
        boolean spentBy(long admitted) {
            return allowance > 0 && admitted - first + 1 == allowance;
        }

        void succeeded(long sequence) {
            if (sequence >= first) {
                successes++;
            } else if (sequence >= closedFirst && sequence <= closedLast) {
                allowance++;
            }
        }

        void throttled(long sequence, long admitted, long nowMillis, long holdEndMillis) {
            if (sequence < first) {
                // An attempt of a cycle already closed: its window is over.
                return;
            }
            allowance = successes;
            // Successes over many of the server's windows (a long run without a 429) say little about one of them:
            // then slow start stops at the allowance, but it does not go at once.
            spendable = nowMillis - startMillis <= MAX_CYCLE_HOLDS * (holdEndMillis - nowMillis);
            startMillis = holdEndMillis;
            closedFirst = first;
            closedLast = admitted;
            first = admitted + 1;
            successes = 0;
        }

        /**
         * Starts a cycle after a lull: what the server admitted before it is not known to hold after it, so it is not
         * sent at once, but slow start stops at it to probe.
         */
        void lull(long admitted, long nowMillis) {
            spendable = false;
            startMillis = nowMillis;
            closedFirst = 1;
            closedLast = 0;
            first = admitted + 1;
            successes = 0;
        }
    }

    /**
     * One counter as last answered: what it left once everything then in flight is counted, the admissions and cost
     * admitted until then, and until when (epoch milliseconds) it is believed. Updated in place, so an answer costs
     * no allocation.
     */
    private static final class Counter {
        private long remaining;
        private long admittedAt;
        private long costAt;
        private long validUntil = Long.MIN_VALUE;

        void answered(long remaining, long admittedAt, long costAt, long validUntil) {
            this.remaining = remaining;
            this.admittedAt = admittedAt;
            this.costAt = costAt;
            this.validUntil = validUntil;
        }

        boolean believedAt(long nowMillis) {
            return nowMillis < validUntil;
        }

        /** Requests left: what the answer left minus the attempts admitted since. */
        long left(long admitted) {
            return remaining - (admitted - admittedAt);
        }

        /** Tokens left: what the answer left minus the cost admitted since. */
        long leftTokens(long admittedCost) {
            return remaining - (admittedCost - costAt);
        }
    }
}
