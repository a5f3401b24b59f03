// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MonotonicClock} on a ticker the test moves: it starts at the wall clock's instant and then advances by the
 * ticker alone, to the nanosecond in {@code instant()} and to the millisecond below in {@code millis()}.
 */
class MonotonicClockTest {
    private static final Instant ORIGIN = Instant.parse("2026-01-01T12:00:00.123456789Z");

    private final AtomicLong ticker = new AtomicLong(5_000_000_000L);
    private final MonotonicClock clock = new MonotonicClock(ticker::get, Clock.fixed(ORIGIN, ZoneOffset.UTC));

    @Test
    void startsAtTheWallClockAndAdvancesByTheTicker() {
        assertThat(clock.instant()).isEqualTo(ORIGIN);
        assertThat(clock.millis()).isEqualTo(ORIGIN.toEpochMilli());

        ticker.addAndGet(1_900_000_123L);

        assertThat(clock.instant()).isEqualTo(ORIGIN.plusNanos(1_900_000_123L));
        assertThat(clock.millis()).as("%s", clock.instant()).isEqualTo(clock.instant().toEpochMilli())
            .isEqualTo(1_767_268_802_023L);
    }

    @Test
    void isInUtcWhateverZoneIsAskedFor() {
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneId.of("Europe/Paris"))).isSameAs(clock);
    }
}
