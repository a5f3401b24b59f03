// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory gate in virtual time: one {@link VirtualTimer} runs its wake-ups and deadlines, its clock reads the
 * timer, and a sync caller advances virtual time by 1 ms per wait instead of blocking.
 */
final class VirtualGate implements AutoCloseable {
    static final Instant EPOCH = Instant.parse("2026-01-01T12:00:00Z");
    static final String KEY = "https://res.openai.azure.com:443/openai/deployments/emb";

    final VirtualTimer timer = new VirtualTimer(EPOCH);
    final Clock clock = timer.clock();
    final GateEnvironment environment = new GateEnvironment(clock, timer,
        done -> timer.advanceBy(Duration.ofMillis(1)));
    final InMemoryThrottleGate gate;

    VirtualGate(ThrottleGateOptions options) {
        this.gate = new InMemoryThrottleGate(options, environment);
    }

    VirtualGate(ThrottleGateOptions options, int maxKeys) {
        this.gate = new InMemoryThrottleGate(options, environment, maxKeys);
    }

    VirtualGate(ThrottleGateOptions options, GateEnvironment.Blocker blocker) {
        this.gate = new InMemoryThrottleGate(options, new GateEnvironment(clock, timer, blocker));
    }

    static Instant at(long millis) {
        return EPOCH.plusMillis(millis);
    }

    long nowMillis() {
        return timer.now(TimeUnit.MILLISECONDS);
    }

    void advance(long millis) {
        timer.advanceBy(Duration.ofMillis(millis));
    }

    /** A request of a call that started at {@code callStartMillis}, cost 1, with a far deadline. */
    static ThrottleRequest request(long callStartMillis) {
        return request(callStartMillis, 1);
    }

    static ThrottleRequest request(long callStartMillis, long cost) {
        return new ThrottleRequest(KEY, cost, at(callStartMillis), at(callStartMillis).plus(Duration.ofDays(1)));
    }

    CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        return gate.acquire(request);
    }

    /** Admits one attempt at once (asserting it went) and reports the feedback. */
    void answer(ThrottleFeedback feedback) {
        CompletableFuture<ThrottleAdmission> admission = acquire(request(nowMillis()));
        if (!admission.isDone()) {
            throw new AssertionError("expected an immediate admission");
        }
        gate.report(admission.join(), feedback);
    }

    static ThrottleFeedback throttled(long retryAfterMillis) {
        return ThrottleFeedback.response(429, Duration.ofMillis(retryAfterMillis), 0L, null, null, null);
    }

    static ThrottleFeedback ok(Long requests, Long tokens) {
        return ThrottleFeedback.response(200, null, requests, tokens, null, null);
    }

    @Override
    public void close() {
        // Nothing to release: virtual time has no threads.
    }
}
