// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Virtual time for the adapters' tests: a UTC clock that only moves when a wait moves it, and records every wait.
 * Each adapter's test time extends it with the wait interfaces of its own calls. Shared through the core's test-jar.
 */
public class WaitRecordingClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-06T10:00:00Z");
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    /** Creates a clock at 2026-12-06T10:00:00Z with no wait recorded. */
    public WaitRecordingClock() {
    }

    /**
     * Every wait so far, in order.
     *
     * @return the waits
     */
    public List<Duration> waits() {
        return waits;
    }

    /**
     * Records a wait and moves the clock by it, at once.
     *
     * @param delay the wait
     */
    protected void advance(Duration delay) {
        waits.add(delay);
        now = now.plus(delay);
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
