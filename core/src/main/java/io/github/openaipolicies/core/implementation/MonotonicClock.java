// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A clock that never steps: it reads a wall clock once, when created, and from then on advances by a monotonic
 * ticker ({@link System#nanoTime()} in production). Every hold, validity and deadline of the gate and every call
 * budget of the retry policy is kept on it, so a wall clock stepped back an hour (NTP, a VM resumed, a user) does not
 * turn a 1 s {@code Retry-After} into a one-hour hold. The instants it gives are close to wall time but may drift from
 * it: compare them only with each other. HTTP-dates (a {@code Retry-After} date) are read against the wall clock.
 */
public final class MonotonicClock extends Clock {
    private static final MonotonicClock SYSTEM = new MonotonicClock(System::nanoTime, Clock.systemUTC());

    private final LongSupplier nanoTicker;
    private final long originNanos;
    private final long originEpochSecond;
    private final long originNanoOfSecond;

    /**
     * Creates a clock that starts at {@code wall}'s current instant and advances by {@code nanoTicker}.
     *
     * @param nanoTicker a monotonic source of nanoseconds, such as {@link System#nanoTime()}
     * @param wall the clock read once, for the starting instant
     */
    public MonotonicClock(LongSupplier nanoTicker, Clock wall) {
        this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
        Instant origin = Objects.requireNonNull(wall, "wall").instant();
        this.originNanos = nanoTicker.getAsLong();
        this.originEpochSecond = origin.getEpochSecond();
        this.originNanoOfSecond = origin.getNano();
    }

    /**
     * The one monotonic clock of the JVM, on {@link System#nanoTime()}: every policy and in-memory gate of the
     * process shares its time line, so a call budget recorded by one is a deadline the other can read.
     *
     * @return the JVM-wide monotonic clock
     */
    public static MonotonicClock system() {
        return SYSTEM;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(originEpochSecond, originNanoOfSecond + (nanoTicker.getAsLong() - originNanos));
    }

    @Override
    public long millis() {
        return originEpochSecond * 1000 + (originNanoOfSecond + nanoTicker.getAsLong() - originNanos) / 1_000_000;
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
