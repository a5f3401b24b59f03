// Licensed under the MIT License.
package io.github.openaipolicies;

import io.github.openaipolicies.gate.implementation.GateTimer;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/** A Reactor {@link Scheduler} as the in-memory gate's timer: the policies' tests run the gate in Reactor's virtual time. */
final class ReactorGateTimer {
    private ReactorGateTimer() {
    }

    /**
     * The scheduler as a gate timer.
     *
     * @param scheduler the scheduler, e.g. a {@code VirtualTimeScheduler}
     * @return the timer
     */
    static GateTimer of(Scheduler scheduler) {
        return (task, delay, unit) -> {
            Disposable scheduled = scheduler.schedule(task, delay, unit);
            return scheduled::dispose;
        };
    }
}
