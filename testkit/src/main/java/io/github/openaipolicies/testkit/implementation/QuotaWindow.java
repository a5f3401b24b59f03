package io.github.openaipolicies.testkit.implementation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;

/**
 * The request and token quota of one deployment over a sliding window: every admitted request is remembered with its
 * arrival time and token charge, and counts until {@code arrival + window}. A refused request is not remembered.
 *
 * <p>When a request does not fit, the retry delay is the time until enough of the remembered requests have left the
 * window for it to fit (for both limits, when both are exceeded; the one with the longer wait is reported), so a client that waits exactly that long is admitted (absent other traffic). A request whose
 * estimate alone exceeds the token limit is charged the whole limit, so it needs an empty window rather than
 * never fitting. Thread-safe.</p>
 */
public final class QuotaWindow implements DeploymentQuota {
    /** Reported as remaining for an unlimited dimension. */
    public static final int UNLIMITED_REMAINING = Integer.MAX_VALUE;

    private record Charge(Instant expiresAt, int tokens) {
    }

    private final DeploymentLimits limits;
    private final Duration window;
    private final Deque<Charge> charges = new ArrayDeque<>();
    private long tokensInWindow;

    /**
     * Creates an empty window.
     *
     * @param limits the deployment's limits
     * @param window the window length, positive
     */
    public QuotaWindow(DeploymentLimits limits, Duration window) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    /**
     * Admits a request if it fits, and charges it.
     *
     * @param now the arrival time
     * @param tokens the request's estimated tokens
     * @return the decision with the remaining quota after it
     */
    @Override
    public synchronized QuotaDecision tryAcquire(Instant now, int tokens) {
        QuotaDecision decision = evaluate(now, tokens);
        if (!decision.admitted()) {
            return decision;
        }
        int charge = chargeFor(tokens);
        charges.addLast(new Charge(now.plus(window), charge));
        tokensInWindow += charge;
        return decision(now);
    }

    /**
     * Whether a request would fit now, without charging it.
     *
     * @param now the arrival time
     * @param tokens the request's estimated tokens
     * @return an admitted decision (remaining counts before any charge) or the refusal
     */
    public synchronized QuotaDecision evaluate(Instant now, int tokens) {
        evictExpired(now);
        int charge = chargeFor(tokens);
        boolean requestsExceeded = limits.requestsPerWindow() > 0 && charges.size() + 1 > limits.requestsPerWindow();
        boolean tokensExceeded = limits.tokensPerWindow() > 0 && tokensInWindow + charge > limits.tokensPerWindow();
        QuotaDecision current = decision(now);
        if (!requestsExceeded && !tokensExceeded) {
            return current;
        }
        Duration requestsWait = requestsExceeded
            ? timeUntilFree(now, charges.size() + 1 - limits.requestsPerWindow(), 0) : Duration.ZERO;
        Duration tokensWait = tokensExceeded
            ? timeUntilFree(now, 0, tokensInWindow + charge - limits.tokensPerWindow()) : Duration.ZERO;
        boolean tokensDecide = tokensExceeded && (!requestsExceeded || tokensWait.compareTo(requestsWait) > 0);
        return tokensDecide ? current.refusedBy(QuotaDecision.Limit.TOKENS, tokensWait)
            : current.refusedBy(QuotaDecision.Limit.REQUESTS, requestsWait);
    }

    /**
     * The remaining quota at a moment, without charging anything.
     *
     * @param now the moment
     * @return an admitted decision carrying the remaining counts
     */
    @Override
    public synchronized QuotaDecision peek(Instant now) {
        evictExpired(now);
        return decision(now);
    }

    /**
     * Forgets every charge.
     */
    @Override
    public synchronized void reset() {
        charges.clear();
        tokensInWindow = 0;
    }

    private Duration timeUntilFree(Instant now, int requestsToFree, long tokensToFree) {
        int requestsFreed = 0;
        long tokensFreed = 0;
        Iterator<Charge> oldestFirst = charges.iterator();
        Charge charge = null;
        while ((requestsFreed < requestsToFree || tokensFreed < tokensToFree) && oldestFirst.hasNext()) {
            charge = oldestFirst.next();
            requestsFreed++;
            tokensFreed += charge.tokens();
        }
        return charge == null ? Duration.ZERO : Duration.between(now, charge.expiresAt());
    }

    private int chargeFor(int tokens) {
        return limits.tokensPerWindow() == 0 ? tokens : Math.min(tokens, limits.tokensPerWindow());
    }

    private QuotaDecision decision(Instant now) {
        Duration reset = charges.isEmpty() ? Duration.ZERO : Duration.between(now, charges.peekFirst().expiresAt());
        return new QuotaDecision(true, null, Duration.ZERO, remainingRequests(), remainingTokens(),
            limits.requestsPerWindow(), limits.tokensPerWindow(), reset, tokensInWindow == 0 ? Duration.ZERO : reset);
    }

    private void evictExpired(Instant now) {
        while (!charges.isEmpty() && !charges.peekFirst().expiresAt().isAfter(now)) {
            tokensInWindow -= charges.removeFirst().tokens();
        }
    }

    private int remainingRequests() {
        return limits.requestsPerWindow() == 0 ? UNLIMITED_REMAINING
            : Math.max(0, limits.requestsPerWindow() - charges.size());
    }

    private int remainingTokens() {
        return limits.tokensPerWindow() == 0 ? UNLIMITED_REMAINING
            : (int) Math.max(0, limits.tokensPerWindow() - tokensInWindow);
    }
}
