// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import okhttp3.Call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Virtual time for a call: a clock that only moves when the call waits, and waits that move it by the wait at once
 * and record every wait. A wait first runs the test's hook (to cancel the call or let the gate go at a known point),
 * then honours an interrupt and the call's cancellation as the real waits do.
 */
final class TestTime extends Clock implements Waits {
    private volatile Instant now = Instant.parse("2026-12-06T10:00:00Z");
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private volatile Runnable onWait = () -> { };

    List<Duration> waits() {
        return waits;
    }

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
        waits.add(delay);
        now = now.plus(delay);
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

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
