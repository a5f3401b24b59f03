// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import io.github.openaipolicies.core.implementation.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Virtual time for a call: a clock that only moves when the call waits, a sleeper and a delayer that move it by the
 * wait at once and record every wait.
 */
final class TestTime extends Clock implements Sleeper, Delayer {
    private volatile Instant now = Instant.parse("2026-12-06T10:00:00Z");
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    List<Duration> waits() {
        return waits;
    }

    @Override
    public void sleep(Duration delay) {
        waits.add(delay);
        now = now.plus(delay);
    }

    @Override
    public CompletableFuture<Void> after(Duration delay) {
        sleep(delay);
        return CompletableFuture.completedFuture(null);
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
