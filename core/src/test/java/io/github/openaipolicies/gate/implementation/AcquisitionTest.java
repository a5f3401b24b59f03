// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static io.github.openaipolicies.gate.implementation.VirtualGate.KEY;
import static io.github.openaipolicies.gate.implementation.VirtualGate.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ownership rule of {@code acquire}'s future: a successful {@code cancel} leaves its caller nothing to report, so
 * an admission decided at the same moment goes back to the gate; a future that completed first is its holder's.
 */
class AcquisitionTest {
    private final VirtualGate v = new VirtualGate(new ThrottleGateOptions().setInitialAdmission(1));

    @Test
    void anAdmissionDecidedAfterASuccessfulCancelGoesBackToTheGate() {
        ThrottleAdmission decided = v.acquire(request(0)).join();
        Acquisition cancelled = new Acquisition(v.gate);
        assertThat(cancelled.cancel(false)).isTrue();

        cancelled.admit(decided);

        assertThat(cancelled).isCancelled();
        assertThat(v.gate.inFlight(KEY)).as("the gate took it back: nobody else owns it").isZero();
    }

    @Test
    void anAdmissionDecidedFirstIsTheHoldersAndCancelReturnsFalse() {
        ThrottleAdmission decided = v.acquire(request(0)).join();
        Acquisition acquisition = new Acquisition(v.gate);

        acquisition.admit(decided);

        assertThat(acquisition.cancel(false)).isFalse();
        assertThat(acquisition.join()).isSameAs(decided);
        assertThat(v.gate.inFlight(KEY)).as("still the holder's to report").isEqualTo(1);
    }

    @Test
    void cancellingAWaitingAttemptWithdrawsItAndLetsTheNextGo() {
        ThrottleAdmission first = v.acquire(request(0)).join();
        CompletableFuture<ThrottleAdmission> withdrawn = v.gate.acquire(request(1));
        CompletableFuture<ThrottleAdmission> next = v.gate.acquire(request(2));
        assertThat(v.gate.waiting(KEY)).isEqualTo(2);

        assertThat(withdrawn.cancel(true)).isTrue();

        assertThat(v.gate.waiting(KEY)).isEqualTo(1);
        v.gate.report(first, VirtualGate.ok(null, null));
        assertThat(next).isDone();
        assertThat(v.gate.inFlight(KEY)).as("only the next one, the withdrawn attempt never went").isEqualTo(1);
    }

    @Test
    void aTimeOutAfterACancelChangesNothing() {
        Acquisition cancelled = new Acquisition(v.gate);
        cancelled.cancel(false);

        cancelled.fail(new IllegalStateException("late"));

        assertThat(cancelled).isCancelled();
    }
}
