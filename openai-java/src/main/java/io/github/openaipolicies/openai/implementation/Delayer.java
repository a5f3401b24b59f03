// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Waits without blocking a thread, between the attempts of an async call. Tests pass one in virtual time. */
@FunctionalInterface
public interface Delayer {
    /** The JDK's delayed executor: the continuation runs on the common pool once the delay has passed. */
    Delayer SYSTEM = delay -> CompletableFuture.runAsync(() -> { },
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));

    /**
     * A future completed once {@code delay} has passed; cancelling it may skip the wait.
     *
     * @param delay how long to wait, positive
     * @return the future
     */
    CompletableFuture<Void> after(Duration delay);
}
