// Licensed under the MIT License.
package io.github.openaipolicies;

import reactor.core.scheduler.Scheduler;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** A UTC clock that reads a (virtual) scheduler: an epoch plus the scheduler's time. */
public final class VirtualClock extends Clock {
    private final Scheduler scheduler;
    private final Instant epoch;

    /**
     * Creates the clock.
     *
     * @param scheduler the scheduler whose time the clock reads
     * @param epoch the instant at the scheduler's time zero
     */
    public VirtualClock(Scheduler scheduler, Instant epoch) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.epoch = Objects.requireNonNull(epoch, "epoch");
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return epoch.plusNanos(scheduler.now(TimeUnit.NANOSECONDS));
    }
}
