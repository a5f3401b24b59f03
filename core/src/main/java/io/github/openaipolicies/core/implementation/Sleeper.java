// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.time.Duration;

/**
 * How the sync path of {@code RetryAfterPolicy} waits; tests replace it to run in virtual time.
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits with {@link Thread#sleep(long)}. */
    Sleeper THREAD_SLEEP = delay -> Thread.sleep(delay.toMillis());

    /**
     * Blocks the calling thread for {@code delay}.
     *
     * @param delay how long to wait, positive
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration delay) throws InterruptedException;
}
