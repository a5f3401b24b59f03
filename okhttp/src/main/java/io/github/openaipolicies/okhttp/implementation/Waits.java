// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import okhttp3.Call;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * How a call waits on the thread OkHttp runs the interceptor on (the caller's under {@code execute}, a dispatcher
 * thread under {@code enqueue}): for the gate's admission and between attempts, ending early when the thread is
 * interrupted or the call is cancelled. OkHttp's {@link Call#cancel()} interrupts no thread, so the waits look at
 * {@link Call#isCanceled()} as they go. Tests pass one in virtual time.
 */
public interface Waits {
    /** Real waits that look at the call every 50 ms. */
    Waits SYSTEM = new PollingWaits(Duration.ofMillis(50));

    /**
     * Waits for a future.
     *
     * @param future the future
     * @param call the call the wait is for
     * @param <T> the future's value
     * @return the future's value
     * @throws CancellationException when the call is cancelled first (the caller cancels the future), or the future
     * was cancelled
     * @throws ExecutionException when the future failed
     * @throws InterruptedException when the thread is interrupted
     */
    <T> T await(CompletableFuture<T> future, Call call) throws InterruptedException, ExecutionException;

    /**
     * Waits for a time.
     *
     * @param delay how long, zero or more
     * @param call the call the wait is for
     * @throws CancellationException when the call is cancelled before the time has passed
     * @throws InterruptedException when the thread is interrupted, also before a wait of zero
     */
    void sleep(Duration delay, Call call) throws InterruptedException;
}
