// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import okhttp3.Call;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits in slices of at most {@code poll}, looking between them whether the call was cancelled. */
final class PollingWaits implements Waits {
    private final long pollNanos;

    PollingWaits(Duration poll) {
        this.pollNanos = poll.toNanos();
    }

    @Override
    public <T> T await(CompletableFuture<T> future, Call call) throws InterruptedException, ExecutionException {
        while (true) {
            throwIfCanceled(call);
            try {
                return future.get(pollNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException notYet) {
                // Look at the call again.
            }
        }
    }

    @Override
    public void sleep(Duration delay, Call call) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before the wait");
        }
        long end = System.nanoTime() + delay.toNanos();
        while (true) {
            throwIfCanceled(call);
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, pollNanos));
        }
    }

    private static void throwIfCanceled(Call call) {
        if (call.isCanceled()) {
            throw new CancellationException("The call was canceled.");
        }
    }
}
