// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleRequest;

import java.util.concurrent.CompletableFuture;

/**
 * The openai-java twin of {@link GateHoldRecorder}: a throttle gate that passes everything to another and takes the
 * time each admitted attempt was held into {@link RunStats} when the attempt is reported (every admission is reported
 * exactly once). The futures are the other gate's own, so cancelling one still withdraws the waiting attempt.
 */
public final class HoldRecordingGate implements ThrottleGate {
    private final ThrottleGate gate;
    private final RunStats stats;

    /**
     * Records the holds of a gate.
     *
     * @param gate the gate that decides
     * @param stats where the holds go
     */
    public HoldRecordingGate(ThrottleGate gate, RunStats stats) {
        this.gate = gate;
        this.stats = stats;
    }

    @Override
    public String quotaKey(RequestView request) {
        return gate.quotaKey(request);
    }

    @Override
    public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        return gate.acquire(request);
    }

    @Override
    public ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException {
        return gate.acquireSync(request);
    }

    @Override
    public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
        return gate.tryAcquireNow(request);
    }

    @Override
    public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        stats.gateHeld(admission.getHeld());
        gate.report(admission, feedback);
    }
}
