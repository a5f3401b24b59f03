// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The production timer: daemon threads with the library's name, one pool per JVM, cancelled tasks leave at once. */
class SystemGateTimerTest {
    @Test
    void theSystemTimerIsOnePoolOfAtLeastTwoThreadsOrOnePerProcessor() {
        assertThat(GateTimer.system()).isSameAs(SystemGateTimer.INSTANCE);
        assertThat(GateEnvironment.system().timer()).isSameAs(SystemGateTimer.INSTANCE);
        assertThat(SystemGateTimer.INSTANCE.threads())
            .isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void tasksRunOnNamedDaemonThreads() {
        SystemGateTimer timer = new SystemGateTimer(2);
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();

        timer.schedule(() -> ranOn.complete(Thread.currentThread()), 0, TimeUnit.NANOSECONDS);

        Thread thread = ranOn.join();
        assertThat(thread.getName()).startsWith("openai-pipeline-gate-timer-");
        assertThat(thread.isDaemon()).as("never keeps a JVM alive").isTrue();
    }

    @Test
    void aCancelledTaskLeavesTheQueueAndNeverRuns() {
        SystemGateTimer timer = new SystemGateTimer(2);
        CompletableFuture<Void> ran = new CompletableFuture<>();
        GateTimer.Cancellable scheduled = timer.schedule(() -> ran.complete(null), 1, TimeUnit.DAYS);
        assertThat(timer.queued()).isEqualTo(1);

        scheduled.cancel();

        assertThat(timer.queued()).as("removed on cancel, not left until its time").isZero();
        assertThat(ran).isNotDone();
    }

    @Test
    void threadsAreNumberedInOrder() {
        SystemGateTimer.DaemonThreads threads = new SystemGateTimer.DaemonThreads();

        assertThat(threads.newThread(() -> { }).getName()).isEqualTo("openai-pipeline-gate-timer-1");
        assertThat(threads.newThread(() -> { }).getName()).isEqualTo("openai-pipeline-gate-timer-2");
    }
}
