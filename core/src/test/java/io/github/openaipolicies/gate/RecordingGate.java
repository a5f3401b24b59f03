// Licensed under the MIT License.
package io.github.openaipolicies.gate;


import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A gate that lets everything go at once (or, while {@link #hold()} is on, makes every async attempt wait on a
 * future the test completes), and records every admission it gave and every report it got. Shared by the adapters'
 * tests through the core's test-jar.
 */
public final class RecordingGate implements ThrottleGate {
    private final List<ThrottleAdmission> given = Collections.synchronizedList(new ArrayList<>());
    private final List<Object[]> reports = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<ThrottleAdmission>> waiting = Collections.synchronizedList(new ArrayList<>());
    private final List<ThrottleRequest> asked = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean holding;
    private volatile boolean decided;
    private volatile Runnable onReport = () -> { };

    /** Runs {@code action} in every report, after recording it (to make a race happen at a known point). */
    public void onReport(Runnable action) {
        onReport = action;
    }

    /** Makes every async attempt wait on a future the test completes ({@link #release()}). */
    public void hold() {
        holding = true;
    }

    /** Holds, with waits whose admission is already decided: cancelling them fails, as in a race lost. */
    public void holdDecided() {
        holding = true;
        decided = true;
    }

    /** Every admission given, in order. */
    public List<ThrottleAdmission> given() {
        return given;
    }

    /** Every request asked about, in order. */
    public List<ThrottleRequest> asked() {
        return asked;
    }

    /** The futures of the attempts made to wait, in order. */
    public List<CompletableFuture<ThrottleAdmission>> waiting() {
        return waiting;
    }

    /** The feedback of each report, in order. */
    public List<ThrottleFeedback> feedback() {
        List<ThrottleFeedback> all = new ArrayList<>();
        synchronized (reports) {
            for (Object[] report : reports) {
                all.add((ThrottleFeedback) report[1]);
            }
        }
        return all;
    }

    /** How many times {@code admission} was reported. */
    public long reportsOf(ThrottleAdmission admission) {
        synchronized (reports) {
            return reports.stream().filter(report -> report[0] == admission).count();
        }
    }

    /** Lets the oldest waiting attempt go; returns its admission. */
    public ThrottleAdmission release() {
        CompletableFuture<ThrottleAdmission> next = waiting.get(0);
        ThrottleAdmission admission = admission(Duration.ofMillis(250));
        next.complete(admission);
        return admission;
    }

    private ThrottleAdmission admission(Duration held) {
        ThrottleAdmission admission = new ThrottleAdmission("key", 1, held,
            held.isZero() ? ThrottleHoldReason.NONE : ThrottleHoldReason.QUEUED);
        given.add(admission);
        return admission;
    }

    @Override
    public String quotaKey(RequestView request) {
        return request.url();
    }

    @Override
    public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        asked.add(request);
        if (!holding) {
            return CompletableFuture.completedFuture(admission(Duration.ZERO));
        }
        CompletableFuture<ThrottleAdmission> future = decided ? new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return false;
            }
        } : new CompletableFuture<>();
        waiting.add(future);
        return future;
    }

    @Override
    public ThrottleAdmission acquireSync(ThrottleRequest request) {
        asked.add(request);
        return admission(Duration.ZERO);
    }

    @Override
    public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
        return holding ? null : acquireSync(request);
    }

    @Override
    public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        reports.add(new Object[] {admission, feedback});
        onReport.run();
    }
}
