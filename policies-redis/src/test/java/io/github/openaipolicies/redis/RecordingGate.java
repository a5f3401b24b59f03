// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.ThrottleAdmission;
import io.github.openaipolicies.ThrottleFeedback;
import io.github.openaipolicies.ThrottleGate;
import io.github.openaipolicies.ThrottleRequest;
import reactor.core.publisher.Mono;

import java.util.List;
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
    public String quotaKey(HttpRequest request) {
        return delegate.quotaKey(request);
    }

    @Override
    public Mono<ThrottleAdmission> acquire(ThrottleRequest request) {
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
