// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The attempts waiting for one quota key, in the order their calls started, in front of the key's
 * {@link KeyLedger}. Whenever something may have changed (an attempt arrives or leaves, an answer is reported, a
 * timer fires) the queue asks the ledger for its oldest waiter, admits it and asks again, until the ledger says no;
 * then it arms one wake-up for when the ledger said to ask again.
 *
 * <p>Fairness: the oldest waiter goes first. Only when it waits for tokens may younger, smaller attempts that fit
 * pass it, at most {@value #MAX_BYPASS} times, so it is never starved; each time, only the next
 * {@value #BYPASS_LOOKAHEAD} younger attempts are looked at. An attempt that would wait past its deadline fails at
 * once when the wait's end is known (a hold after a 429), else when its deadline comes.</p>
 *
 * <p>Cost: the waiters are kept twice, by age and by deadline, so that entering, leaving, failing those that cannot
 * wait out a hold and failing those whose deadline came cost {@code O(log n)} per waiter concerned, never a scan of
 * the queue. One timer per key (not per waiter) fires at the earliest deadline or lease expiry while attempts
 * wait.</p>
 *
 * <p>Leases: every admission not yet reported is kept by lease expiry ({@link LedgerAdmission#leaseExpiry()}). One
 * whose lease ran out is reclaimed (reported {@link ThrottleFeedback#abandoned()} by the queue itself, counted and
 * logged once) when the key is next touched, when the timer fires while attempts wait, or by the gate's sweep.</p>
 *
 * <p>State changes happen under this queue's monitor, in short sections without I/O; callbacks (admissions,
 * failures, log lines) run after it is released.</p>
 */
final class KeyQueue {
    /** How many younger attempts may pass an oldest one that waits for tokens. */
    static final int MAX_BYPASS = 8;
    /** How many younger attempts one pass looks at for one that may pass the oldest. */
    static final int BYPASS_LOOKAHEAD = 32;

    private static final Logger LOGGER = LoggerFactory.getLogger(KeyQueue.class);

    private final String key;
    private final InMemoryThrottleGate owner;
    private final KeyLedger ledger;
    private final GateEnvironment environment;
    private final TreeSet<Waiter> waiters;
    private final TreeSet<Waiter> byDeadline;
    private final TreeSet<LedgerAdmission> leases = new TreeSet<>(LedgerAdmission.BY_LEASE_EXPIRY);
    private long arrivals;
    private long visits;
    private GateTimer.Cancellable wakeTimer;
    private Instant wakeAt;
    private GateTimer.Cancellable timer;
    private Instant timerAt;
    private boolean retired;
    private volatile long lastUsedMillis;
    private ThrottleHoldReason blockedBy = ThrottleHoldReason.QUEUED;

    KeyQueue(String key, GateSettings settings, GateEnvironment environment, InMemoryThrottleGate owner) {
        this(key, settings, environment, owner, Waiter.ORDER, Waiter.BY_DEADLINE);
    }

    /** For tests that count the comparisons the queue's indexes make. */
    KeyQueue(String key, GateSettings settings, GateEnvironment environment, InMemoryThrottleGate owner,
        Comparator<Waiter> order, Comparator<Waiter> deadlineOrder) {
        this.key = key;
        this.owner = owner;
        this.environment = environment;
        Instant now = environment.now();
        this.ledger = new KeyLedger(settings, now);
        this.lastUsedMillis = now.toEpochMilli();
        this.waiters = new TreeSet<>(order);
        this.byDeadline = new TreeSet<>(deadlineOrder);
    }

    String key() {
        return key;
    }

    InMemoryThrottleGate owner() {
        return owner;
    }

    /**
     * The fast path: admits the attempt at once when nothing waits and the ledger lets it go now, without a waiter,
     * a timer or a callback.
     *
     * @param request the attempt
     * @param now the current time
     * @return the admission, or null when the attempt must go through {@link #enter} (something waits, the ledger
     * says no, or this queue was retired)
     */
    LedgerAdmission admitIfFree(ThrottleRequest request, Instant now) {
        List<Runnable> reclaimed = new ArrayList<>(0);
        LedgerAdmission admission = null;
        synchronized (this) {
            if (retired || !waiters.isEmpty()) {
                return null;
            }
            reclaimExpired(now, reclaimed);
            // A refusal changes nothing in the ledger: enter() asks again and queues the attempt.
            long sequence = ledger.tryTakeNow(request.cost(), now);
            if (sequence > 0) {
                admission = new LedgerAdmission(this, request.cost(), Duration.ZERO, ThrottleHoldReason.NONE,
                    sequence, request.deadline());
                leases.add(admission);
            }
        }
        reclaimed.forEach(Runnable::run);
        return admission;
    }

    /**
     * Lets the attempt go at once or queues it.
     *
     * @param request the attempt
     * @param deadline the latest moment it may leave the queue
     * @param now the current time
     * @param onAdmit called with the admission, after this queue's monitor is released
     * @param onFail called with the time-out, after this queue's monitor is released
     * @return the waiter (already decided when it went at once), or null when this queue was retired and the caller
     * must use a fresh one
     */
    Waiter enter(ThrottleRequest request, Instant deadline, Instant now, Consumer<ThrottleAdmission> onAdmit,
        Consumer<Throwable> onFail) {
        List<Runnable> callbacks = new ArrayList<>(1);
        Waiter waiter;
        synchronized (this) {
            if (retired) {
                return null;
            }
            lastUsedMillis = now.toEpochMilli();
            waiter = new Waiter(request, deadline, now, arrivals++, onAdmit, onFail);
            LedgerDecision decision = waiters.isEmpty() ? ledger.tryTake(request.cost(), now) : null;
            if (decision != null && decision.admitted()) {
                admit(waiter, decision, now, callbacks);
            } else {
                waiter.reason = decision != null ? decision.reason() : blockedBy;
                waiter.queued = true;
                waiters.add(waiter);
                byDeadline.add(waiter);
                settle(now, now, callbacks);
            }
        }
        callbacks.forEach(Runnable::run);
        return waiter;
    }

    /** Takes a waiting attempt out of the queue, e.g. when its future was cancelled or its thread was interrupted. */
    boolean cancel(Waiter waiter) {
        if (!waiter.decide()) {
            return false;
        }
        List<Runnable> callbacks = new ArrayList<>(0);
        synchronized (this) {
            remove(waiter);
            Instant now = now();
            settle(now, now, callbacks);
        }
        callbacks.forEach(Runnable::run);
        return true;
    }

    /** Absorbs an admitted attempt's answer and lets whoever may go now go. */
    void report(LedgerAdmission admission, ThrottleFeedback feedback) {
        List<Runnable> callbacks = new ArrayList<>(0);
        synchronized (this) {
            Instant now = now();
            lastUsedMillis = now.toEpochMilli();
            leases.remove(admission);
            ledger.observe(admission.sequence(), admission.getCost(), feedback, now);
            reclaimExpired(now, callbacks);
            // Nobody to let go when nobody waits: the usual case when nothing is throttled.
            if (!waiters.isEmpty()) {
                settle(now, now, callbacks);
            }
        }
        callbacks.forEach(Runnable::run);
    }

    /**
     * Retires the queue when nothing in it matters any more (after reclaiming the admissions whose lease ran out); a
     * retired queue takes no new attempts.
     *
     * @param idleTimeout how long the key must have been unused; zero for "not in use now"
     * @return whether the queue is retired
     */
    boolean retireIfIdle(Duration idleTimeout) {
        List<Runnable> callbacks = new ArrayList<>(0);
        boolean result;
        synchronized (this) {
            Instant now = now();
            reclaimExpired(now, callbacks);
            if (!retired && waiters.isEmpty() && wakeTimer == null && ledger.idle(now, idleTimeout)) {
                retired = true;
            }
            result = retired;
        }
        callbacks.forEach(Runnable::run);
        return result;
    }

    /**
     * When the key was last used (epoch milliseconds of the gate's clock: an attempt entered, or an answer was
     * reported), for choosing which idle key to forget.
     */
    long lastUsedMillis() {
        return lastUsedMillis;
    }

    synchronized int waiting() {
        return waiters.size();
    }

    synchronized int inFlight() {
        return ledger.inFlight();
    }

    /**
     * Waiters visited so far by the loops that fail waiters or look for one that may pass the oldest (the loops
     * whose length is not bounded by what they decide); with the indexes' comparisons, the queue's work.
     */
    synchronized long visits() {
        return visits;
    }

    /** The waiters in the deadline index: always {@link #waiting()}. */
    synchronized int indexed() {
        return byDeadline.size();
    }

    /** The admissions whose lease is kept: always {@link #inFlight()}. */
    synchronized int leased() {
        return leases.size();
    }

    /**
     * Brings the queue up to date: reclaims the leases run out by {@code due}, fails the waiters whose deadline is
     * not after {@code due}, admits whoever may go, and arms the timer for the next deadline or lease expiry.
     */
    private void settle(Instant now, Instant due, List<Runnable> callbacks) {
        reclaimExpired(due, callbacks);
        expireDue(due, callbacks);
        pump(now, callbacks);
        armTimer(now);
    }

    private void pump(Instant now, List<Runnable> callbacks) {
        while (!waiters.isEmpty()) {
            Waiter head = waiters.first();
            LedgerDecision decision = ledger.tryTake(head.cost(), now);
            if (decision.admitted()) {
                remove(head);
                admit(head, decision, now, callbacks);
                continue;
            }
            head.reason = decision.reason();
            blockedBy = decision.reason();
            if (decision.reason() == ThrottleHoldReason.TOKENS_AT_ZERO) {
                letSmallerPass(head, now, callbacks);
            }
            if (decision.reason() == ThrottleHoldReason.AFTER_429) {
                failThoseThatCannotWait(decision.retryAt(), now, callbacks);
            }
            if (decision.retryAt() != null) {
                armWake(decision.retryAt(), now);
            }
            return;
        }
    }

    private void letSmallerPass(Waiter head, Instant now, List<Runnable> callbacks) {
        Iterator<Waiter> younger = waiters.tailSet(head, false).iterator();
        for (int looked = 0; looked < BYPASS_LOOKAHEAD && head.bypassed < MAX_BYPASS && younger.hasNext();
            looked++) {
            visits++;
            Waiter candidate = younger.next();
            if (candidate.cost() >= head.cost()) {
                continue;
            }
            LedgerDecision decision = ledger.tryTake(candidate.cost(), now);
            if (decision.admitted()) {
                younger.remove();
                byDeadline.remove(candidate);
                head.bypassed++;
                admit(candidate, decision, now, callbacks);
            } else if (decision.reason() != ThrottleHoldReason.TOKENS_AT_ZERO) {
                return;
            }
        }
    }

    /** Fails, earliest deadline first, every waiter whose deadline comes before the hold ends. */
    private void failThoseThatCannotWait(Instant holdEnd, Instant now, List<Runnable> callbacks) {
        while (!byDeadline.isEmpty() && byDeadline.first().deadline.isBefore(holdEnd)) {
            visits++;
            Waiter waiter = byDeadline.pollFirst();
            waiters.remove(waiter);
            fail(waiter, Duration.between(now, holdEnd), Duration.between(now, waiter.deadline), callbacks);
        }
    }

    /** Fails, earliest deadline first, every waiter whose deadline has come. */
    private void expireDue(Instant due, List<Runnable> callbacks) {
        while (!byDeadline.isEmpty() && !byDeadline.first().deadline.isAfter(due)) {
            visits++;
            Waiter waiter = byDeadline.pollFirst();
            waiters.remove(waiter);
            fail(waiter, null, Duration.between(waiter.enqueuedAt, waiter.deadline), callbacks);
        }
    }

    private boolean leaseDue(Instant now) {
        return !leases.isEmpty() && !now.isBefore(leases.first().leaseExpiry());
    }

    /** Gives back, as abandoned, every admission whose lease ran out and that its holder has not reported. */
    private void reclaimExpired(Instant now, List<Runnable> callbacks) {
        while (leaseDue(now)) {
            LedgerAdmission lost = leases.pollFirst();
            if (lost.markReported()) {
                ledger.observe(lost.sequence(), lost.getCost(), ThrottleFeedback.abandoned(), now);
                owner.leaseReclaimed();
                long pastDeadline = Duration.between(lost.deadline(), now).toMillis();
                callbacks.add(() -> LOGGER.warn("A throttle gate admission was never reported (a policy or transport "
                    + "lost it); its lease ran out and the gate took it back. {\"quotaKey\":\"{}\",\"pastDeadlineMs\":{},"
                    + "\"leaseMarginMs\":{}}", key, pastDeadline, InMemoryThrottleGate.LEASE_MARGIN.toMillis()));
            }
        }
    }

    private void remove(Waiter waiter) {
        waiters.remove(waiter);
        byDeadline.remove(waiter);
    }

    private void admit(Waiter waiter, LedgerDecision decision, Instant now, List<Runnable> callbacks) {
        boolean held = waiter.queued && now.isAfter(waiter.enqueuedAt);
        LedgerAdmission admission = new LedgerAdmission(this, waiter.cost(),
            held ? Duration.between(waiter.enqueuedAt, now) : Duration.ZERO,
            held ? waiter.reason : ThrottleHoldReason.NONE, decision.sequence(), waiter.request.deadline());
        if (waiter.decide()) {
            leases.add(admission);
            callbacks.add(() -> waiter.onAdmit.accept(admission));
        } else {
            admission.markReported();
            ledger.observe(admission.sequence(), admission.getCost(), ThrottleFeedback.abandoned(), now);
        }
    }

    private void fail(Waiter waiter, Duration wait, Duration allowed, List<Runnable> callbacks) {
        if (waiter.decide()) {
            ThrottleGateTimeoutException error = new ThrottleGateTimeoutException(key, wait, allowed);
            callbacks.add(() -> waiter.onFail.accept(error));
        }
    }

    /**
     * While attempts wait: one timer at the earliest of their deadlines and the leases' expiries (all after
     * {@code now} once {@link #settle} has run; at least a nanosecond ahead anyway, so that a timer in virtual
     * time never runs it inside this call). Moved only earlier; a timer that fires early just settles and arms again.
     */
    private void armTimer(Instant now) {
        if (waiters.isEmpty()) {
            // A timer still armed fires once for nothing.
            return;
        }
        Instant next = byDeadline.first().deadline;
        if (!leases.isEmpty() && leases.first().leaseExpiry().isBefore(next)) {
            next = leases.first().leaseExpiry();
        }
        if (timer != null && !next.isBefore(timerAt)) {
            return;
        }
        disposeTimer();
        Instant at = next;
        timerAt = at;
        timer = environment.timer().schedule(() -> onTimer(at),
            Math.max(1, Duration.between(now, at).toNanos()), TimeUnit.NANOSECONDS);
    }

    private void onTimer(Instant at) {
        List<Runnable> callbacks = new ArrayList<>(1);
        synchronized (this) {
            if (at.equals(timerAt)) {
                timer = null;
                timerAt = null;
            }
            Instant now = now();
            // The timer may run the task just before the clock reads its time: what it was armed for is due.
            settle(now, now.isAfter(at) ? now : at, callbacks);
        }
        callbacks.forEach(Runnable::run);
    }

    private void disposeTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
            timerAt = null;
        }
    }

    private void armWake(Instant at, Instant now) {
        if (wakeTimer != null && !at.isBefore(wakeAt)) {
            return;
        }
        if (wakeTimer != null) {
            wakeTimer.cancel();
        }
        wakeAt = at;
        wakeTimer = environment.timer().schedule(this::wake, Math.max(0, Duration.between(now, at).toNanos()),
            TimeUnit.NANOSECONDS);
    }

    private void wake() {
        List<Runnable> callbacks = new ArrayList<>(1);
        synchronized (this) {
            wakeTimer = null;
            Instant now = now();
            settle(now, now, callbacks);
        }
        callbacks.forEach(Runnable::run);
    }

    private Instant now() {
        return environment.now();
    }
}
