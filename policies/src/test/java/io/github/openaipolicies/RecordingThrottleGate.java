// Licensed under the MIT License.
package io.github.openaipolicies;

import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ThrottleGate} that lets every attempt go at once, says it held it for a fixed time and reason, and records
 * what it was asked and told: for tests of where the gate sits in a pipeline, without time passing.
 */
final class RecordingThrottleGate implements ThrottleGate {
    private final Duration held;
    private final ThrottleHoldReason reason;
    private final List<ThrottleRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<ThrottleFeedback> feedback = Collections.synchronizedList(new ArrayList<>());

    /**
     * A gate whose every admission says it was held.
     *
     * @param held how long every admission says it was held
     * @param reason why
     */
    RecordingThrottleGate(Duration held, ThrottleHoldReason reason) {
        this.held = held;
        this.reason = reason;
    }

    @Override
    public String quotaKey(RequestView request) {
        return java.net.URI.create(request.url()).getHost();
    }

    @Override
    public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        return CompletableFuture.completedFuture(admit(request));
    }

    @Override
    public ThrottleAdmission acquireSync(ThrottleRequest request) {
        return admit(request);
    }

    @Override
    public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        this.feedback.add(feedback);
    }

    /** {@return the requests asked for, in order} */
    List<ThrottleRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** {@return every report, in order} */
    List<ThrottleFeedback> reported() {
        synchronized (feedback) {
            return List.copyOf(feedback);
        }
    }

    /** {@return the status of every report, in order} */
    List<Integer> reportedStatuses() {
        synchronized (feedback) {
            return feedback.stream().map(ThrottleFeedback::status).toList();
        }
    }

    private ThrottleAdmission admit(ThrottleRequest request) {
        requests.add(request);
        return new ThrottleAdmission(request.quotaKey(), request.cost(), held, reason);
    }
}
