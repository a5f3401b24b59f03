package io.github.openaipolicies.benchmarks;

import java.util.Objects;

/**
 * One {@link PolicyOverhead} score: a path and a pipeline, time and allocation per call.
 *
 * @param path {@code sync} or {@code async}
 * @param pipeline {@code bare}, {@code stock} or {@code ours}
 * @param nanosPerCall average time per call
 * @param nanosError the half-width of JMH's 99.9% confidence interval (NaN with too few samples)
 * @param bytesPerCall bytes allocated per call ({@code gc.alloc.rate.norm}), NaN if not measured
 */
public record OverheadResult(String path, String pipeline, double nanosPerCall, double nanosError,
                             double bytesPerCall) {
    /**
     * Creates and validates the record.
     *
     * @param path {@code sync} or {@code async}
     * @param pipeline {@code bare}, {@code stock} or {@code ours}
     * @param nanosPerCall average time per call
     * @param nanosError the half-width of JMH's 99.9% confidence interval (NaN with too few samples)
     * @param bytesPerCall bytes allocated per call ({@code gc.alloc.rate.norm}), NaN if not measured
     * @throws NullPointerException if the path or the pipeline is missing
     */
    public OverheadResult {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pipeline, "pipeline");
    }
}
