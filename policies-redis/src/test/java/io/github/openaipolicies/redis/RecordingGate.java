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

/** A gate that records every request it is asked, and lets another gate decide. */
final class RecordingGate implements ThrottleGate {
    private final ThrottleGate delegate;
    private final List<ThrottleRequest> asked = new CopyOnWriteArrayList<>();

    RecordingGate(ThrottleGate delegate) {
        this.delegate = delegate;
    }

    /** The requests asked so far, through {@code acquire} and {@code acquireSync}. */
    List<ThrottleRequest> asked() {
        return List.copyOf(asked);
    }

    @Override
    public String quotaKey(RequestView request) {
        return delegate.quotaKey(request);
    }

    @Override
    public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        asked.add(request);
        return delegate.acquire(request);
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
        delegate.report(admission, feedback);
    }
}
