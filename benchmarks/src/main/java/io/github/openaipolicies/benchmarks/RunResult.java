package io.github.openaipolicies.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of one {@link ThrottledIngest} row measured.
 *
 * @param row the row name
 * @param repeat the repeat index, from 0
 * @param completed requests that returned embeddings
 * @param failed requests that ended in an error
 * @param sent requests the simulator received for the deployment (journal)
 * @param throttled 429 answers the simulator gave (journal)
 * @param clientAttempts attempts the client put on the wire (its own count, per try)
 * @param clientThrottled 429 answers the client saw (its own count, per try)
 * @param elapsed from the first request to the last outcome
 * @param tail from the last success to the last outcome (the whole run if nothing succeeded)
 * @param goodput successful requests per window divided by the quota, see
 *     {@link #goodput(long, Duration, int, Duration)}
 * @param failures failures by cause ({@code HTTP 429}, an exception's simple name, ...)
 */
public record RunResult(String row, int repeat, long completed, long failed, long sent, long throttled,
                        long clientAttempts, long clientThrottled, Duration elapsed, Duration tail, double goodput,
                        Map<String, Long> failures) {
    /**
     * Creates and validates the record.
     *
     * @param row the row name
     * @param repeat the repeat index, from 0
     * @param completed requests that returned embeddings
     * @param failed requests that ended in an error
     * @param sent requests the simulator received for the deployment (journal)
     * @param throttled 429 answers the simulator gave (journal)
     * @param clientAttempts attempts the client put on the wire (its own count, per try)
     * @param clientThrottled 429 answers the client saw (its own count, per try)
     * @param elapsed from the first request to the last outcome
     * @param tail from the last success to the last outcome (the whole run if nothing succeeded)
     * @param goodput successful requests per window divided by the quota, see
     *     {@link #goodput(long, Duration, int, Duration)}
     * @param failures failures by cause ({@code HTTP 429}, an exception's simple name, ...)
     * @throws NullPointerException if a component is missing
     */
    public RunResult {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(tail, "tail");
        failures = Map.copyOf(failures);
    }

    /**
     * The share of the requests sent that were answered 429.
     *
     * @return from 0 to 1 (0 when nothing was sent)
     */
    public double throttledShare() {
        return sent == 0 ? 0 : (double) throttled / sent;
    }

    /**
     * Goodput: successes per quota window, divided by the quota. Any span of one window admits at most {@code quota}
     * requests, so a run of length {@code elapsed} can succeed at most {@code quota x (elapsed / window + 1)} times (a
     * full window at the start, then {@code quota} per window): 1.0 is the physical limit, reached when the last of
     * {@code k x quota} requests succeeds right as the {@code k}-th window opens.
     *
     * @param completed successful requests
     * @param elapsed the run's length
     * @param quota requests accepted per window
     * @param window the quota window
     * @return the goodput ratio, from 0 to 1
     */
    public static double goodput(long completed, Duration elapsed, double quota, Duration window) {
        double windows = (double) elapsed.toNanos() / window.toNanos() + 1;
        return completed / (quota * windows);
    }
}
