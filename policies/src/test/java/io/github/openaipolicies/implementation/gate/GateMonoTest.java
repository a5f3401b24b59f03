// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The azure-core adapter's view of {@link ThrottleGate#acquire}: the future as a {@code Mono}, with the ownership
 * rule kept on every cancellation path (an admission that never reached the subscriber is reported abandoned exactly
 * once; one that did is the subscriber's; a withdrawn wait leaves nothing to report).
 */
class GateMonoTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ThrottleRequest REQUEST = new ThrottleRequest("key", 1, NOW, NOW.plusSeconds(60));
    private static final ThrottleAdmission ADMISSION = new ThrottleAdmission("key", 1, Duration.ZERO,
        ThrottleHoldReason.NONE);

    private final StubGate gate = new StubGate();

    @Test
    void aReadyAdmissionThatIsNeverRequestedGoesBackOnceWhenTheSubscriberCancels() {
        gate.next = CompletableFuture.completedFuture(ADMISSION);
        BaseSubscriber<ThrottleAdmission> neverRequests = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                // requests nothing
            }
        };
        GateMono.acquire(gate, REQUEST).subscribe(neverRequests);
        assertThat(gate.reports).isEmpty();

        neverRequests.dispose();

        assertThat(gate.reports).containsExactly(ThrottleFeedback.abandoned());
    }

    @Test
    void aReadyAdmissionGoesBackOnceWhenTheSubscriberCancelsAsItSubscribes() {
        gate.next = CompletableFuture.completedFuture(ADMISSION);
        List<ThrottleAdmission> received = new ArrayList<>();

        GateMono.acquire(gate, REQUEST).subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                cancel();
            }

            @Override
            protected void hookOnNext(ThrottleAdmission admission) {
                received.add(admission);
            }
        });

        assertThat(received).isEmpty();
        assertThat(gate.reports).containsExactly(ThrottleFeedback.abandoned());
    }

    @Test
    void cancellingAWaitCancelsTheFutureAndLeavesNothingToReport() {
        CompletableFuture<ThrottleAdmission> waiting = new CompletableFuture<>();
        gate.next = waiting;

        GateMono.acquire(gate, REQUEST).subscribe().dispose();

        assertThat(waiting).isCancelled();
        assertThat(waiting.complete(ADMISSION)).as("nothing can complete it any more").isFalse();
        assertThat(gate.reports).isEmpty();
    }

    @Test
    void aDeliveredAdmissionIsTheSubscribersToReport() {
        CompletableFuture<ThrottleAdmission> waiting = new CompletableFuture<>();
        gate.next = waiting;

        StepVerifier.create(GateMono.acquire(gate, REQUEST))
            .then(() -> waiting.complete(ADMISSION))
            .expectNext(ADMISSION)
            .verifyComplete();

        assertThat(gate.reports).isEmpty();
    }

    @Test
    void theGatesTimeOutIsTheError() {
        gate.next = CompletableFuture.failedFuture(new ThrottleGateTimeoutException("key", null, Duration.ZERO));

        StepVerifier.create(GateMono.acquire(gate, REQUEST))
            .expectError(ThrottleGateTimeoutException.class)
            .verify();

        assertThat(gate.reports).isEmpty();
    }

    @Test
    void nothingIsAskedUntilSubscribed() {
        gate.next = CompletableFuture.completedFuture(ADMISSION);

        GateMono.acquire(gate, REQUEST);

        assertThat(gate.asked).isZero();
    }

    /** Hands out the future a test set and records every report. */
    private static final class StubGate implements ThrottleGate {
        final List<ThrottleFeedback> reports = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<ThrottleAdmission> next;
        int asked;

        @Override
        public String quotaKey(RequestView request) {
            return "key";
        }

        @Override
        public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
            asked++;
            return next;
        }

        @Override
        public ThrottleAdmission acquireSync(ThrottleRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
            reports.add(feedback);
        }
    }
}
