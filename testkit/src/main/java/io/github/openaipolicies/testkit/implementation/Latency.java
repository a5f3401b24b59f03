package io.github.openaipolicies.testkit.implementation;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The latency added to every answer: fixed, or drawn uniformly from {@code [min, max]} by a seeded generator (the same
 * seed gives the same sequence of draws). Thread-safe.
 */
public final class Latency {
    private final Duration min;
    private final Duration max;
    private final long seed;
    private final SplittableRandom random;

    /**
     * Creates a latency.
     *
     * @param min the smallest latency, not negative
     * @param max the largest, not below {@code min}
     * @param seed the seed of the draws
     */
    public Latency(Duration min, Duration max, long seed) {
        this.min = Objects.requireNonNull(min, "min");
        this.max = Objects.requireNonNull(max, "max");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency needs 0 <= min <= max, was " + min + " and " + max);
        }
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /**
     * A fixed latency.
     *
     * @param latency not negative
     * @return the latency
     */
    public static Latency fixed(Duration latency) {
        return new Latency(latency, latency, 0);
    }

    /**
     * The next latency.
     *
     * @return {@code min} when fixed, else a draw from {@code [min, max]} in whole milliseconds
     */
    public synchronized Duration next() {
        if (min.equals(max)) {
            return min;
        }
        return Duration.ofMillis(random.nextLong(min.toMillis(), max.toMillis() + 1));
    }

    /**
     * The smallest latency.
     *
     * @return min
     */
    public Duration min() {
        return min;
    }

    /**
     * The largest latency.
     *
     * @return max
     */
    public Duration max() {
        return max;
    }

    /**
     * The seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }
}
