// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.core.implementation.WaitRecordingClock;
import okhttp3.Call;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Virtual time for a call: a clock that only moves when the call waits, and waits that move it by the wait at once
 * and record every wait. A wait first runs the test's hook (to cancel the call or let the gate go at a known point),
 * then honours an interrupt and the call's cancellation as the real waits do.
 */
final class TestTime extends WaitRecordingClock implements Waits {
    private volatile Runnable onWait = () -> { };

    /** Runs {@code hook} at the start of every wait. */
    void onWait(Runnable hook) {
        onWait = hook;
    }

    @Override
    public <T> T await(CompletableFuture<T> future, Call call) throws InterruptedException, ExecutionException {
        onWait.run();
        throwIfStopped(call);
        if (!future.isDone()) {
            throw new AssertionError("the test left the gate's future open: the call would wait forever");
        }
        return future.get();
    }

    @Override
    public void sleep(Duration delay, Call call) throws InterruptedException {
        onWait.run();
        throwIfStopped(call);
        advance(delay);
    }

    /** As the real waits: an interrupt (cleared, as {@code Thread.sleep} clears it) or the call's cancellation. */
    private static void throwIfStopped(Call call) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted");
        }
        if (call.isCanceled()) {
            throw new CancellationException("canceled");
        }
    }
}
