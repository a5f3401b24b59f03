// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import io.github.openaipolicies.ThrottleAdmission;
import io.github.openaipolicies.ThrottleFeedback;
import io.github.openaipolicies.ThrottleGateTimeoutException;
import io.github.openaipolicies.ThrottleHoldReason;
import io.github.openaipolicies.ThrottleRequest;
import reactor.core.Disposable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The attempts waiting for one quota key, in the order their calls started, in front of the key's
 * {@link KeyLedger}. Whenever something may have changed (an attempt arrives or leaves, an answer is reported, a
 * wake-up fires) the queue asks the ledger for its oldest waiter, admits it and asks again, until the ledger says
 * no; then it arms one wake-up for when the ledger said to ask again.
 *
 * <p>Fairness: the oldest waiter goes first. Only when it waits for tokens may younger, smaller attempts that fit
 * pass it, at most {@value #MAX_BYPASS} times, so it is never starved. An attempt that would wait past its deadline
 * fails at once when the wait's end is known (a hold after a 429), else when its deadline comes.</p>
 *
 * <p>State changes happen under this queue's monitor, in short sections without I/O; callbacks run after it is
 * released.</p>
 */
final class KeyQueue {
    /** How many younger attempts may pass an oldest one that waits for tokens. */
    static final int MAX_BYPASS = 8;

    private final String key;
    private final InMemoryThrottleGate owner;
    private final KeyLedger ledger;
    private final GateEnvironment environment;
    private final TreeSet<Waiter> waiters = new TreeSet<>(Waiter.ORDER);
    private long arrivals;
    private Disposable wakeTimer;
    private Instant wakeAt;
    private boolean retired;
    private ThrottleHoldReason blockedBy = ThrottleHoldReason.QUEUED;

    KeyQueue(String key, GateSettings settings, GateEnvironment environment, InMemoryThrottleGate owner) {
        this.key = key;
        this.owner = owner;
        this.environment = environment;
        this.ledger = new KeyLedger(settings, environment.now());
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
     * @param cost the attempt's estimated tokens
     * @param now the current time
     * @return the admission, or null when the attempt must go through {@link #enter} (something waits, the ledger
     * says no, or this queue was retired)
     */
    LedgerAdmission admitIfFree(long cost, Instant now) {
        synchronized (this) {
            if (retired || !waiters.isEmpty()) {
                return null;
            }
            // A refusal changes nothing in the ledger: enter() asks again and queues the attempt.
            long sequence = ledger.tryTakeNow(cost, now);
            return sequence > 0
                ? new LedgerAdmission(this, cost, Duration.ZERO, ThrottleHoldReason.NONE, sequence)
                : null;
        }
    }

    /**
     * Lets the attempt go at once or queues it.
     *
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
            waiter = new Waiter(request, deadline, now, arrivals++, onAdmit, onFail);
            LedgerDecision decision = waiters.isEmpty() ? ledger.tryTake(request.cost(), now) : null;
            if (decision != null && decision.admitted()) {
                admit(waiter, decision, now, callbacks);
            } else {
                waiter.reason = decision != null ? decision.reason() : blockedBy;
                waiter.queued = true;
                waiters.add(waiter);
                armDeadline(waiter, now);
                pump(now, callbacks);
            }
        }
        callbacks.forEach(Runnable::run);
        return waiter;
    }

    /** Takes a waiting attempt out of the queue, e.g. when its subscriber cancelled or its thread was interrupted. */
    boolean cancel(Waiter waiter) {
        if (!waiter.decide()) {
            return false;
        }
        List<Runnable> callbacks = new ArrayList<>(0);
        synchronized (this) {
            waiters.remove(waiter);
            disposeDeadline(waiter);
            pump(now(), callbacks);
        }
        callbacks.forEach(Runnable::run);
        return true;
    }

    /** Absorbs an admitted attempt's answer and lets whoever may go now go. */
    void report(LedgerAdmission admission, ThrottleFeedback feedback) {
        List<Runnable> callbacks;
        synchronized (this) {
            Instant now = now();
            ledger.observe(admission.sequence(), admission.getCost(), feedback, now);
            if (waiters.isEmpty()) {
                // Nobody to let go: the usual case when nothing is throttled.
                return;
            }
            callbacks = new ArrayList<>(1);
            pump(now, callbacks);
        }
        callbacks.forEach(Runnable::run);
    }

    /** Retires the queue when nothing in it matters any more; a retired queue takes no new attempts. */
    synchronized boolean retireIfIdle(Duration idleTimeout) {
        if (!retired && waiters.isEmpty() && wakeTimer == null && ledger.idle(now(), idleTimeout)) {
            retired = true;
        }
        return retired;
    }

    synchronized int waiting() {
        return waiters.size();
    }

    synchronized int inFlight() {
        return ledger.inFlight();
    }

    private void pump(Instant now, List<Runnable> callbacks) {
        while (!waiters.isEmpty()) {
            Waiter head = waiters.first();
            LedgerDecision decision = ledger.tryTake(head.cost(), now);
            if (decision.admitted()) {
                waiters.pollFirst();
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
        while (head.bypassed < MAX_BYPASS && younger.hasNext()) {
            Waiter candidate = younger.next();
            if (candidate.cost() >= head.cost()) {
                continue;
            }
            LedgerDecision decision = ledger.tryTake(candidate.cost(), now);
            if (decision.admitted()) {
                younger.remove();
                head.bypassed++;
                admit(candidate, decision, now, callbacks);
            } else if (decision.reason() != ThrottleHoldReason.TOKENS_AT_ZERO) {
                return;
            }
        }
    }

    private void failThoseThatCannotWait(Instant holdEnd, Instant now, List<Runnable> callbacks) {
        Iterator<Waiter> all = waiters.iterator();
        while (all.hasNext()) {
            Waiter waiter = all.next();
            if (waiter.deadline.isBefore(holdEnd)) {
                all.remove();
                fail(waiter, Duration.between(now, holdEnd), Duration.between(now, waiter.deadline), callbacks);
            }
        }
    }

    private void admit(Waiter waiter, LedgerDecision decision, Instant now, List<Runnable> callbacks) {
        disposeDeadline(waiter);
        boolean held = waiter.queued && now.isAfter(waiter.enqueuedAt);
        LedgerAdmission admission = new LedgerAdmission(this, waiter.cost(),
            held ? Duration.between(waiter.enqueuedAt, now) : Duration.ZERO,
            held ? waiter.reason : ThrottleHoldReason.NONE, decision.sequence());
        if (waiter.decide()) {
            callbacks.add(() -> waiter.onAdmit.accept(admission));
        } else {
            admission.markReported();
            ledger.observe(admission.sequence(), admission.getCost(), ThrottleFeedback.abandoned(), now);
        }
    }

    private void fail(Waiter waiter, Duration wait, Duration allowed, List<Runnable> callbacks) {
        disposeDeadline(waiter);
        if (waiter.decide()) {
            ThrottleGateTimeoutException error = new ThrottleGateTimeoutException(key, wait, allowed);
            callbacks.add(() -> waiter.onFail.accept(error));
        }
    }

    private void armDeadline(Waiter waiter, Instant now) {
        long nanos = Duration.between(now, waiter.deadline).toNanos();
        waiter.deadlineTimer = environment.scheduler().schedule(() -> expire(waiter), Math.max(0, nanos),
            TimeUnit.NANOSECONDS);
    }

    private void expire(Waiter waiter) {
        List<Runnable> callbacks = new ArrayList<>(1);
        synchronized (this) {
            if (!waiters.remove(waiter)) {
                return;
            }
            Instant now = now();
            fail(waiter, null, Duration.between(waiter.enqueuedAt, waiter.deadline), callbacks);
            pump(now, callbacks);
        }
        callbacks.forEach(Runnable::run);
    }

    private void armWake(Instant at, Instant now) {
        if (wakeTimer != null && !at.isBefore(wakeAt)) {
            return;
        }
        if (wakeTimer != null) {
            wakeTimer.dispose();
        }
        wakeAt = at;
        wakeTimer = environment.scheduler().schedule(this::wake, Math.max(0, Duration.between(now, at).toNanos()),
            TimeUnit.NANOSECONDS);
    }

    private void wake() {
        List<Runnable> callbacks = new ArrayList<>(1);
        synchronized (this) {
            wakeTimer = null;
            pump(now(), callbacks);
        }
        callbacks.forEach(Runnable::run);
    }

    private static void disposeDeadline(Waiter waiter) {
        if (waiter.deadlineTimer != null) {
            waiter.deadlineTimer.dispose();
            waiter.deadlineTimer = null;
        }
    }

    private Instant now() {
        return environment.now();
    }
}
