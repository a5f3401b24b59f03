// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import io.github.openaipolicies.ThrottleFeedback;
import io.github.openaipolicies.ThrottleHoldReason;

import java.time.Duration;
import java.time.Instant;

/**
 * What is known about one quota key, and the decision "may this cost go now, else when to ask again". Pure: no I/O,
 * no clock of its own (every method takes {@code now}), not thread-safe (its {@link KeyQueue} guards it).
 *
 * <p>It keeps: the end of the latest hold a 429 asked for; the last fresh {@code x-ratelimit-remaining-requests}
 * and {@code -tokens} counters, with the admission they answered (so attempts admitted after that one are
 * subtracted, and an answer overtaken by a fresher one is ignored) and when they stop being believed; the attempts
 * in flight; and the slow-start window, the attempts allowed in flight while no counter is believed.</p>
 */
public final class KeyLedger {
    /** The largest slow-start window. */
    static final int MAX_WINDOW = 1 << 16;
    /** Counter values above this are taken as garbled. */
    static final long MAX_PLAUSIBLE_COUNTER = 1_000_000_000L;
    /** Reset hints above this are taken as garbled. */
    static final Duration MAX_PLAUSIBLE_RESET = Duration.ofMinutes(2);

    private final GateSettings settings;
    private Instant holdUntil = Instant.MIN;
    private long admitted;
    private long admittedCost;
    private int inFlight;
    private int window;
    private Counter requests = Counter.UNKNOWN;
    private Counter tokens = Counter.UNKNOWN;
    private long freshestSequence;
    private long tokenCapacity;
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
    }

    /**
     * Admits and charges {@code cost} if it may go now, else says when to ask again and why.
     *
     * @param cost the estimated tokens, 1 or more
     * @param now the current time
     * @return the decision
     */
    public LedgerDecision tryTake(long cost, Instant now) {
        lastUsed = now;
        if (now.isBefore(holdUntil)) {
            return LedgerDecision.holdUntil(holdUntil, ThrottleHoldReason.AFTER_429);
        }
        boolean requestsKnown = requests.believedAt(now);
        boolean tokensKnown = tokens.believedAt(now);
        if (requestsKnown && requests.remaining - (admitted - requests.sequence) <= 0) {
            return LedgerDecision.holdUntil(requests.validUntil, ThrottleHoldReason.REQUESTS_AT_ZERO);
        }
        if (tokensKnown) {
            long left = tokens.remaining - (admittedCost - tokens.costThrough);
            long need = tokenCapacity > 0 ? Math.min(cost, tokenCapacity) : cost;
            if (left < need) {
                return LedgerDecision.holdUntil(tokens.validUntil, ThrottleHoldReason.TOKENS_AT_ZERO);
            }
        }
        if (!requestsKnown && !tokensKnown && inFlight >= window) {
            return LedgerDecision.awaitAnswer(ThrottleHoldReason.SLOW_START);
        }
        admitted++;
        admittedCost += cost;
        inFlight++;
        return LedgerDecision.admit(admitted, admittedCost);
    }

    /**
     * Absorbs what one admitted attempt learned.
     *
     * @param sequence the admission's {@link LedgerDecision#sequence()}
     * @param costThrough the admission's {@link LedgerDecision#costThrough()}
     * @param feedback what the attempt's response said
     * @param now the current time
     */
    public void observe(long sequence, long costThrough, ThrottleFeedback feedback, Instant now) {
        lastUsed = now;
        if (inFlight > 0) {
            inFlight--;
        }
        if (feedback.isThrottled()) {
            Duration delay = usableDelay(feedback.retryAfter());
            Instant end = now.plus(delay == null ? settings.counterValidity() : delay);
            if (end.isAfter(holdUntil)) {
                holdUntil = end;
            }
            window = settings.initialAdmission();
        } else if (feedback.status() >= 200 && feedback.status() < 300 && window < MAX_WINDOW) {
            window++;
        }
        Long remainingRequests = plausibleCounter(feedback.remainingRequests());
        Long remainingTokens = plausibleCounter(feedback.remainingTokens());
        if (sequence < freshestSequence || (remainingRequests == null && remainingTokens == null)) {
            return;
        }
        freshestSequence = sequence;
        if (remainingRequests != null) {
            requests = new Counter(remainingRequests, sequence, costThrough,
                believedUntil(feedback, feedback.resetRequests(), now));
        }
        if (remainingTokens != null) {
            tokens = new Counter(remainingTokens, sequence, costThrough,
                believedUntil(feedback, feedback.resetTokens(), now));
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
     * The attempts allowed in flight while no counter is believed.
     *
     * @return the slow-start window
     */
    public int window() {
        return window;
    }

    /**
     * The end of the latest hold.
     *
     * @return the end, {@link Instant#MIN} when there never was one
     */
    public Instant holdUntil() {
        return holdUntil;
    }

    private Instant believedUntil(ThrottleFeedback feedback, Duration reset, Instant now) {
        Duration validity = reset != null && !reset.isNegative() && !reset.isZero()
            && reset.compareTo(MAX_PLAUSIBLE_RESET) <= 0 ? reset : settings.counterValidity();
        Instant until = now.plus(validity);
        // The counters of a refusal describe the window the hold waits out; after it they say nothing.
        return feedback.isThrottled() && holdUntil.isBefore(until) && holdUntil.isAfter(now) ? holdUntil : until;
    }

    private Duration usableDelay(Duration delay) {
        if (delay == null || delay.isNegative() || delay.compareTo(settings.maxRetryAfter()) > 0) {
            return null;
        }
        return delay;
    }

    private static Long plausibleCounter(Long value) {
        return value == null || value < 0 || value > MAX_PLAUSIBLE_COUNTER ? null : value;
    }

    /** One counter as last answered: its value, the admission that answered it, and until when it is believed. */
    private record Counter(long remaining, long sequence, long costThrough, Instant validUntil) {
        static final Counter UNKNOWN = new Counter(0, 0, 0, Instant.MIN);

        boolean believedAt(Instant now) {
            return now.isBefore(validUntil);
        }
    }
}
