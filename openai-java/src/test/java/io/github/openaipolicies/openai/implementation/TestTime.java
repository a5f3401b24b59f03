// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import io.github.openaipolicies.core.implementation.Sleeper;
import io.github.openaipolicies.core.implementation.WaitRecordingClock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Virtual time for a call: a clock that only moves when the call waits, a sleeper and a delayer that move it by the
 * wait at once and record every wait.
 */
final class TestTime extends WaitRecordingClock implements Sleeper, Delayer {
    @Override
    public void sleep(Duration delay) {
        advance(delay);
    }

    @Override
    public CompletableFuture<Void> after(Duration delay) {
        sleep(delay);
        return CompletableFuture.completedFuture(null);
    }
}
