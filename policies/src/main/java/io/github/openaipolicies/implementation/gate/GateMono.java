// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleRequest;
import reactor.core.publisher.Mono;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A gate's {@link ThrottleGate#acquire} future as a {@link Mono}, keeping the ownership rule: cancelling the
 * subscription cancels the future; when that fails because the admission came first and it never went downstream,
 * the admission is reported {@link ThrottleFeedback#abandoned()} here, exactly once. A subscriber that received the
 * admission owns it.
 */
public final class GateMono {
    private GateMono() {
    }

    /**
     * Asks the gate when subscribed.
     *
     * @param gate the gate
     * @param request the attempt
     * @return the admission, emitted on the thread that completed the future; the gate's time-out as the error
     */
    public static Mono<ThrottleAdmission> acquire(ThrottleGate gate, ThrottleRequest request) {
        return Mono.<ThrottleAdmission>create(sink -> {
            CompletableFuture<ThrottleAdmission> future = gate.acquire(request);
            // Claimed once: by the emission, or by a cancellation that finds the admission not yet emitted.
            AtomicBoolean claimed = new AtomicBoolean();
            sink.onCancel(() -> {
                if (!future.cancel(false) && !future.isCompletedExceptionally() && claimed.compareAndSet(false, true)) {
                    abandon(gate, future.join());
                }
            });
            future.whenComplete((admission, error) -> {
                if (error == null) {
                    if (claimed.compareAndSet(false, true)) {
                        // Not delivered when the subscriber cancelled in between: discarded, see doOnDiscard.
                        sink.success(admission);
                    }
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                    if (!(cause instanceof CancellationException)) {
                        sink.error(cause);
                    }
                }
            });
        }).doOnDiscard(ThrottleAdmission.class, admission -> abandon(gate, admission));
    }

    private static void abandon(ThrottleGate gate, ThrottleAdmission admission) {
        gate.report(admission, ThrottleFeedback.abandoned());
    }
}
