// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import io.github.openaipolicies.ThrottleAdmission;
import io.github.openaipolicies.ThrottleGateOptions;
import io.github.openaipolicies.ThrottleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.github.openaipolicies.implementation.gate.VirtualGate.KEY;
import static io.github.openaipolicies.implementation.gate.VirtualGate.at;
import static io.github.openaipolicies.implementation.gate.VirtualGate.ok;
import static io.github.openaipolicies.implementation.gate.VirtualGate.request;
import static io.github.openaipolicies.implementation.gate.VirtualGate.throttled;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class KeyQueueTest {
    @Test
    void callsThatStartedAtTheSameMomentGoInTheOrderTheyArrived() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setInitialAdmission(1))) {
            v.answer(throttled(1_000));
            List<CompletableFuture<ThrottleAdmission>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(v.acquire(new ThrottleRequest(KEY, 1, at(-5), at(100_000))));
            }

            v.advance(1_000);
            assertThat(calls).extracting(CompletableFuture::isDone).as("one at a time after a hold, first come")
                .containsExactly(true, false, false);
            v.advance(1);
            v.gate.report(calls.get(0).join(), ok(null, null));
            assertThat(calls).extracting(CompletableFuture::isDone).containsExactly(true, true, true);
            assertThat(calls.get(1).join().getHeld()).isEqualTo(Duration.ofMillis(1_001));
            assertThat(calls).extracting(call -> call.join().getQuotaKey()).containsOnly(KEY);
        }
    }
    @Test
    void aYoungerAttemptThatDoesNotFitEitherDoesNotStopASmallerOneBehindItFromPassing() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)))) {
            v.answer(ok(null, 100L));
            assertThat(v.acquire(request(-1, 70))).as("70 of 100 tokens").isDone();

            CompletableFuture<ThrottleAdmission> big = v.acquire(request(0, 50));
            CompletableFuture<ThrottleAdmission> medium = v.acquire(request(1, 40));
            CompletableFuture<ThrottleAdmission> small = v.acquire(request(2, 10));

            assertThat(big).isNotDone();
            assertThat(medium).as("smaller than the oldest but more than the 30 tokens left").isNotDone();
            assertThat(small).isDone();
        }
    }

    @Test
    void theAttemptsHeldOnlyByTheBypassLimitGoWhenTheOldestTimesOut() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)))) {
            v.answer(ok(null, 100L));
            assertThat(v.acquire(request(-1, 70))).as("70 of 100 tokens").isDone();
            CompletableFuture<ThrottleAdmission> big = v.acquire(new ThrottleRequest(KEY, 50, at(0), at(500)));
            List<CompletableFuture<ThrottleAdmission>> small = new ArrayList<>();
            for (int i = 1; i <= KeyQueue.MAX_BYPASS + 1; i++) {
                small.add(v.acquire(request(i, 3)));
            }
            assertThat(small.get(KeyQueue.MAX_BYPASS)).isNotDone();

            v.advance(500);

            assertThat(big).isCompletedExceptionally();
            assertThat(small.get(KeyQueue.MAX_BYPASS)).as("no longer behind anyone").isDone();
            assertThat(small.get(KeyQueue.MAX_BYPASS).join().getHeld()).isEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void theAttemptsHeldOnlyByTheBypassLimitGoAtOnceWhenTheOldestLeaves() {
        try (VirtualGate v = new VirtualGate(new ThrottleGateOptions().setCounterValidity(Duration.ofSeconds(30)))) {
            v.answer(ok(null, 100L));
            assertThat(v.acquire(request(-1, 70))).as("70 of 100 tokens").isDone();
            Disposable big = v.gate.acquire(request(0, 50)).subscribe();
            List<CompletableFuture<ThrottleAdmission>> small = new ArrayList<>();
            for (int i = 1; i <= KeyQueue.MAX_BYPASS + 1; i++) {
                small.add(v.acquire(request(i, 3)));
            }
            assertThat(small.subList(0, KeyQueue.MAX_BYPASS)).allMatch(CompletableFuture::isDone);
            assertThat(small.get(KeyQueue.MAX_BYPASS)).as("6 tokens left, but the oldest was passed often enough")
                .isNotDone();

            big.dispose();

            assertThat(v.gate.waiting(KEY)).isZero();
            assertThat(small.get(KeyQueue.MAX_BYPASS)).as("no longer behind anyone").isDone();
        }
    }
}
