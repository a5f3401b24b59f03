// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleRequest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A gate that records every request it is asked, the futures it gave and the reports it took, and lets another gate decide. */
final class RecordingGate implements ThrottleGate {
    private final ThrottleGate delegate;
    private final List<ThrottleRequest> asked = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<ThrottleAdmission>> futures = new CopyOnWriteArrayList<>();
    private final List<Report> reports = new CopyOnWriteArrayList<>();

    RecordingGate(ThrottleGate delegate) {
        this.delegate = delegate;
    }

    /** The requests asked so far, through {@code acquire} and {@code acquireSync}. */
    List<ThrottleRequest> asked() {
        return List.copyOf(asked);
    }

    /** The futures {@code acquire} returned so far. */
    List<CompletableFuture<ThrottleAdmission>> futures() {
        return List.copyOf(futures);
    }

    /** The reports taken so far, in order. */
    List<Report> reports() {
        return List.copyOf(reports);
    }

    @Override
    public String quotaKey(RequestView request) {
        return delegate.quotaKey(request);
    }

    @Override
    public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        asked.add(request);
        CompletableFuture<ThrottleAdmission> future = delegate.acquire(request);
        futures.add(future);
        return future;
    }

    @Override
    public ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException {
        asked.add(request);
        return delegate.acquireSync(request);
    }

    @Override
    public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
        return delegate.tryAcquireNow(request);
    }

    @Override
    public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        reports.add(new Report(admission, feedback));
        delegate.report(admission, feedback);
    }

    /** One report: the admission and what was reported for it. */
    record Report(ThrottleAdmission admission, ThrottleFeedback feedback) {
    }
}
