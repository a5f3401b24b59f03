// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.redis.implementation.Grant;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The future {@link RedisThrottleGate#acquire} returns: the attempt waits in the in-memory part, then asks Redis for
 * the grant; after a Redis wait it enters the in-memory part again, with the same bounded request (so the same
 * deadline). It completes on the thread that let the last step go, never on Lettuce's I/O thread.
 *
 * <p>{@link #cancel} withdraws the attempt wherever it is: a wait in the in-memory part is cancelled there; an
 * in-memory admission waiting for Redis's reply goes back to the in-memory part at once, and the grant that reply
 * brings is released when it comes. If {@code cancel} returned true, no admission exists for the holder: one decided
 * at the same moment goes back to the gate as abandoned.</p>
 */
final class RedisAcquisition extends CompletableFuture<ThrottleAdmission> {
    private final RedisThrottleGate gate;
    private final ThrottleGate local;
    private final ThrottleRequest call;
    private final ThrottleRequest attempt;
    private final Object lock = new Object();
    /** The in-memory wait under way; guarded by {@code lock}. */
    private CompletableFuture<ThrottleAdmission> localWait;
    /** The in-memory admission waiting for Redis: whoever takes it (the reply or a cancel) reports it. */
    private ThrottleAdmission localAdmission;
    /** Written and read by one step after another only (each step starts when the previous one completed). */
    private Duration heldBefore = Duration.ZERO;
    private ThrottleHoldReason firstReason = ThrottleHoldReason.NONE;

    RedisAcquisition(RedisThrottleGate gate, ThrottleGate local, ThrottleRequest call, ThrottleRequest attempt) {
        this.gate = gate;
        this.local = local;
        this.call = call;
        this.attempt = attempt;
    }

    /** Enters the in-memory part; returns without waiting. */
    void start() {
        CompletableFuture<ThrottleAdmission> waiting;
        try {
            waiting = local.acquire(attempt);
        } catch (RuntimeException e) {
            completeExceptionally(e);
            return;
        }
        boolean withdrawn;
        synchronized (lock) {
            withdrawn = isCancelled();
            if (!withdrawn) {
                localWait = waiting;
            }
        }
        if (withdrawn) {
            waiting.cancel(false);
        }
        waiting.whenComplete(this::admittedLocally);
    }

    /** The in-memory part let the attempt go (or timed it out, or its wait was cancelled): Redis is asked next. */
    private void admittedLocally(ThrottleAdmission admission, Throwable error) {
        synchronized (lock) {
            localWait = null;
            if (error == null) {
                localAdmission = admission;
            }
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
            if (!(cause instanceof CancellationException)) {
                completeExceptionally(cause);
            }
            return;
        }
        if (isCancelled()) {
            ThrottleAdmission mine = takeLocalAdmission();
            if (mine != null) {
                local.report(mine, ThrottleFeedback.abandoned());
            }
            return;
        }
        gate.askRedis(call).whenComplete((reply, never) -> answered(reply));
    }

    /** Redis answered (null: not asked, or no answer in time): admitted, or held and back to the in-memory part. */
    private void answered(List<Object> reply) {
        ThrottleAdmission mine = takeLocalAdmission();
        if (mine == null) {
            // Cancelled while Redis was asked: the in-memory admission went back already; so does the grant.
            if (reply != null) {
                gate.releaseUnwanted(attempt.quotaKey(), reply);
            }
            return;
        }
        Grant grant = reply == null ? Grant.LOCAL : Grant.of(reply);
        Duration held = heldBefore.plus(mine.getHeld());
        ThrottleHoldReason reason = firstReason != ThrottleHoldReason.NONE ? firstReason
            : grant.outcome() == Grant.Outcome.HELD ? grant.reason() : mine.getReason();
        if (grant.outcome() != Grant.Outcome.HELD) {
            ThrottleAdmission admission = gate.admission(mine, grant, held, reason);
            if (!complete(admission)) {
                gate.report(admission, ThrottleFeedback.abandoned());
            }
            return;
        }
        gate.holdLocally(mine, grant);
        heldBefore = held;
        firstReason = reason;
        start();
    }

    private ThrottleAdmission takeLocalAdmission() {
        synchronized (lock) {
            ThrottleAdmission mine = localAdmission;
            localAdmission = null;
            return mine;
        }
    }

    /**
     * Cancels the future and, when that succeeded, withdraws the attempt: cancels its in-memory wait, or gives back
     * the in-memory admission that waits for Redis's reply.
     *
     * @param mayInterruptIfRunning ignored, as by {@link CompletableFuture}
     * @return true when the future is cancelled: no admission exists for its holder
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!super.cancel(mayInterruptIfRunning)) {
            return false;
        }
        CompletableFuture<ThrottleAdmission> waiting;
        ThrottleAdmission mine;
        synchronized (lock) {
            waiting = localWait;
            localWait = null;
            mine = localAdmission;
            localAdmission = null;
        }
        if (waiting != null) {
            waiting.cancel(false);
        }
        if (mine != null) {
            local.report(mine, ThrottleFeedback.abandoned());
        }
        return true;
    }
}
