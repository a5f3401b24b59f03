// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;

import java.util.concurrent.CompletableFuture;

/**
 * The future {@link InMemoryThrottleGate#acquire} returns for an attempt that waits. {@link #cancel} withdraws the
 * waiter; an admission decided while (or after) the future was cancelled goes back to the gate as abandoned, so that
 * whoever cancelled successfully owns nothing. The gate completes it only after releasing its queue's monitor.
 */
final class Acquisition extends CompletableFuture<ThrottleAdmission> {
    private final InMemoryThrottleGate gate;
    private volatile KeyQueue queue;
    private volatile Waiter waiter;

    Acquisition(InMemoryThrottleGate gate) {
        this.gate = gate;
    }

    /** Records where the attempt waits; before the future is handed out, so before anyone can cancel it. */
    void entered(InMemoryThrottleGate.Entered entered) {
        this.queue = entered.queue();
        this.waiter = entered.waiter();
    }

    /** Completes with the admission; when the future was cancelled first, the admission goes back to the gate. */
    void admit(ThrottleAdmission admission) {
        if (!complete(admission)) {
            gate.report(admission, ThrottleFeedback.abandoned());
        }
    }

    /** Completes with the time-out, unless the future was cancelled first. */
    void fail(Throwable error) {
        completeExceptionally(error);
    }

    /**
     * Cancels the future and, when that succeeded, withdraws the waiting attempt. An admission the queue decides at
     * the same moment finds the future cancelled and goes back to the gate.
     *
     * @param mayInterruptIfRunning ignored, as by {@link CompletableFuture}
     * @return true when the future is cancelled: no admission exists for its holder
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            KeyQueue waitingIn = queue;
            if (waitingIn != null) {
                waitingIn.cancel(waiter);
            }
        }
        return cancelled;
    }
}
