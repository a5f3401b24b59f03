// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import io.github.openaipolicies.core.implementation.Sleeper;
import io.github.openaipolicies.implementation.ReactorRetryEnvironment;
import io.github.openaipolicies.retry.RetryAfterOptions;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RetryAfterPolicy} in virtual time on either path: one {@link VirtualTimeScheduler} drives the async
 * waits, the sync sleeper advances it instead of sleeping, and the policy's clock reads it. A probe policy behind
 * the retry policy records, for every attempt, the virtual time it started at.
 */
final class VirtualTimeHarness implements AutoCloseable {
    /** Virtual time zero. */
    static final Instant EPOCH = Instant.parse("2026-01-01T12:00:00Z");

    /** Which path of the policy a test drives. */
    enum Path { SYNC, ASYNC }

    final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    final List<Duration> syncSleeps = Collections.synchronizedList(new ArrayList<>());
    final List<Long> attemptTimesMillis = Collections.synchronizedList(new ArrayList<>());
    /** The virtual time at which the last {@link #send} completed, in milliseconds. */
    volatile long completedAtMillis = -1;
    private final Sleeper sleeper = delay -> {
        syncSleeps.add(delay);
        scheduler.advanceTimeBy(delay);
    };

    /** The policy's clock: {@link #EPOCH} plus the scheduler's virtual time. */
    final Clock clock = new VirtualClock(scheduler, EPOCH);

    /** An environment with a fixed jitter source: 0 means no padding on server delays, 0.8 x on backoff. */
    ReactorRetryEnvironment environment(double random) {
        return new ReactorRetryEnvironment(clock, scheduler, sleeper, () -> random);
    }

    ReactorRetryEnvironment environment(double random, Sleeper customSleeper) {
        return new ReactorRetryEnvironment(clock, scheduler, customSleeper, () -> random);
    }

    /** The policy with the given options, jitter fixed at 0. */
    RetryAfterPolicy policy(RetryAfterOptions options) {
        return new RetryAfterPolicy(options, environment(0.0));
    }

    /** A pipeline: the policy, the given per-retry policies, then the time probe, then the client. */
    HttpPipeline pipeline(RetryAfterPolicy policy, ScriptedHttpClient client, HttpPipelinePolicy... perRetry) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(policy);
        policies.addAll(List.of(perRetry));
        policies.add(new TimeProbe());
        return new HttpPipelineBuilder().httpClient(client).policies(policies.toArray(new HttpPipelinePolicy[0]))
            .build();
    }

    /**
     * Sends on the chosen path and returns the response or throws the error. The async path is subscribed, then
     * virtual time runs until every scheduled wait has fired.
     */
    HttpResponse send(Path path, HttpPipeline pipeline, HttpRequest request) {
        if (path == Path.SYNC) {
            try {
                return pipeline.sendSync(request, Context.NONE);
            } finally {
                completedAtMillis = scheduler.now(TimeUnit.MILLISECONDS);
            }
        }
        CompletableFuture<HttpResponse> future = pipeline.send(request).toFuture()
            .whenComplete((response, error) -> completedAtMillis = scheduler.now(TimeUnit.MILLISECONDS));
        scheduler.advanceTimeBy(Duration.ofDays(1000));
        if (!future.isDone()) {
            throw new AssertionError("async call did not complete in virtual time");
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /**
     * Sends on the chosen path; the async path advances virtual time by {@code advanceMillis} only, and then must be
     * done.
     */
    HttpResponse send(Path path, HttpPipeline pipeline, HttpRequest request, long advanceMillis) {
        if (path == Path.SYNC) {
            return pipeline.sendSync(request, Context.NONE);
        }
        CompletableFuture<HttpResponse> future = pipeline.send(request).toFuture();
        scheduler.advanceTimeBy(Duration.ofMillis(advanceMillis));
        if (!future.isDone()) {
            throw new AssertionError("async call not done after " + advanceMillis + " virtual ms");
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** Delays between successive attempts, in virtual milliseconds. */
    List<Long> delaysBetweenAttempts() {
        List<Long> delays = new ArrayList<>();
        synchronized (attemptTimesMillis) {
            for (int i = 1; i < attemptTimesMillis.size(); i++) {
                delays.add(attemptTimesMillis.get(i) - attemptTimesMillis.get(i - 1));
            }
        }
        return delays;
    }

    @Override
    public void close() {
        scheduler.dispose();
    }

    private final class TimeProbe implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            attemptTimesMillis.add(scheduler.now(TimeUnit.MILLISECONDS));
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            attemptTimesMillis.add(scheduler.now(TimeUnit.MILLISECONDS));
            return next.processSync();
        }
    }
}
