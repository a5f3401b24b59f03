package io.github.openaipolicies.benchmarks;

import java.util.Arrays;

/**
 * The median, minimum and maximum of repeated measurements.
 *
 * @param median the median (the mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 */
public record Spread(double median, double min, double max) {
    /**
     * Summarises values.
     *
     * @param values at least one value
     * @return their spread
     * @throws IllegalArgumentException if there are no values
     */
    public static Spread of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[sorted.length - 1]);
    }
}
