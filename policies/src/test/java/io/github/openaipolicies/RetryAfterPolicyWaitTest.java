// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import io.github.openaipolicies.core.implementation.Sleeper;
import io.github.openaipolicies.implementation.ReactorRetryEnvironment;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.openaipolicies.ScriptedHttpClient.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link RetryAfterPolicy} waits: cancellable on the async path, interruptible on the sync path, and never
 * blocking a Reactor thread.
 */
@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class RetryAfterPolicyWaitTest {
    private static final String URL = "https://example.openai.azure.com/openai/deployments/d/embeddings";
    /** Only bounds how long a broken test hangs; no assertion depends on it. */
    private static final long GUARD_SECONDS = 30;

    private final VirtualTimeHarness harness = new VirtualTimeHarness();

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void cancellingDuringAnAsyncWaitSendsNothingMore() {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("Retry-After", "5"), "{\"error\":{\"code\":\"429\"}}").respond(200);
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions()), client);

        // The policy's own virtual scheduler, advanced by hand: StepVerifier.withVirtualTime would dispose it at the
        // end of verify(), and advancing a disposed scheduler afterwards would prove nothing.
        StepVerifier.create(pipeline.send(request()))
            .expectSubscription()
            .then(() -> harness.scheduler.advanceTimeBy(Duration.ofSeconds(2)))
            .then(() -> assertThat(client.attemptCount()).isEqualTo(1))
            .thenCancel()
            .verify();
        harness.scheduler.advanceTimeBy(Duration.ofMinutes(10));

        assertThat(client.attemptCount()).isEqualTo(1);
        assertThat(client.responses().get(0).isClosed()).isTrue();
    }

    @Test
    void anAsyncWaitThatIsNotCancelledLeadsToTheNextAttempt() {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(429, headers("Retry-After", "5")).respond(200);
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions()), client);

        StepVerifier.create(pipeline.send(request()))
            .expectSubscription()
            .then(() -> harness.scheduler.advanceTimeBy(Duration.ofMillis(4_999)))
            .then(() -> assertThat(client.attemptCount()).isEqualTo(1))
            .then(() -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)))
            .assertNext(response -> assertThat(response.getStatusCode()).isEqualTo(200))
            .verifyComplete();
    }

    @Test
    void anInterruptDuringASyncWaitEndsTheCallAndLeavesTheFlagSet() throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(1);
        Sleeper blocksUntilInterrupted = delay -> {
            waiting.countDown();
            new CountDownLatch(1).await();
        };
        RetryAfterPolicy policy = new RetryAfterPolicy(new RetryAfterOptions(),
            harness.environment(0.0, blocksUntilInterrupted));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503, headers("Retry-After", "5")).respond(200);
        HttpPipeline pipeline = harness.pipeline(policy, client);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptedAfterwards = new AtomicBoolean();

        Thread caller = new Thread(() -> {
            try {
                pipeline.sendSync(request(), Context.NONE);
            } catch (Throwable t) {
                thrown.set(t);
            }
            interruptedAfterwards.set(Thread.currentThread().isInterrupted());
        }, "sync-caller");
        caller.start();
        assertThat(waiting.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("caller reached the wait").isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));

        assertThat(caller.isAlive()).as("the call ended").isFalse();
        assertThat(thrown.get()).isInstanceOf(RuntimeException.class)
            .hasCauseInstanceOf(InterruptedException.class)
            .hasMessageContaining("Interrupted while waiting 5000 ms before retry attempt 2");
        assertThat(interruptedAfterwards).isTrue();
        assertThat(client.attemptCount()).isEqualTo(1);
        assertThat(client.responses().get(0).isClosed()).isTrue();
    }

    @Test
    void theDefaultSleeperEndsAtOnceOnAnInterruptedThreadAndKeepsTheFlag() {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503, headers("Retry-After", "30")).respond(200);
        HttpPipeline pipeline = harness.pipeline(new RetryAfterPolicy(), client);

        boolean interruptedAfterwards;
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> pipeline.sendSync(request(), Context.NONE))
                .hasCauseInstanceOf(InterruptedException.class).hasMessageContaining("before retry attempt 2")
                .hasRootCauseMessage("interrupted before retry attempt 2");
        } finally {
            interruptedAfterwards = Thread.interrupted();
        }

        assertThat(interruptedAfterwards).isTrue();
        assertThat(client.attemptCount()).isEqualTo(1);
    }

    @Test
    void anInterruptedSyncCallerStopsBeforeARetryEvenWhenThereIsNothingToWait() {
        // A base delay under a millisecond makes every backoff delay zero: nothing to sleep, yet the interrupt counts.
        RetryAfterOptions options = new RetryAfterOptions().setBaseDelay(Duration.ofNanos(1))
            .setMaxDelay(Duration.ofNanos(1));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).times(2).respond(200);
        HttpPipeline pipeline = harness.pipeline(harness.policy(options), client);

        boolean interruptedAfterwards;
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> pipeline.sendSync(request(), Context.NONE))
                .hasCauseInstanceOf(InterruptedException.class).hasMessageContaining("waiting 0 ms");
        } finally {
            interruptedAfterwards = Thread.interrupted();
        }

        assertThat(interruptedAfterwards).isTrue();
        assertThat(client.attemptCount()).isEqualTo(1);
        assertThat(client.responses().get(0).isClosed()).isTrue();
    }

    @Test
    void theAsyncPathWaitsOnTheSchedulerWithoutBlockingOrSleepingAReactorThread() {
        AtomicBoolean consumed = new AtomicBoolean();
        byte[] body = "{\"input\":[\"x\"]}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = new HttpRequest(HttpMethod.POST, URL).setBody(Flux.defer(() -> consumed.compareAndSet(
            false, true) ? Flux.just(ByteBuffer.wrap(body)) : Flux.error(new IllegalStateException("consumed"))));
        request.setHeader(HttpHeaderName.CONTENT_LENGTH, Integer.toString(body.length));
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("retry-after-ms", "20"), "{\"error\":{\"code\":\"429\"}}")
            .respond(503, headers("Retry-After", "0.03"))
            .respond(429, headers("retry-after-ms", "20"), "{\"error\":{\"code\":\"insufficient_quota\"}}");
        List<String> sleptOn = new CopyOnWriteArrayList<>();
        Sleeper recordsASyncSleep = delay -> sleptOn.add(Thread.currentThread().getName());
        // Real time on Reactor's parallel scheduler, whose threads are non-blocking: block() there throws, and a
        // sleep through the sleeper is recorded. The waits are short and real; nothing asserts on their length.
        RetryAfterPolicy policy = new RetryAfterPolicy(new RetryAfterOptions(), new ReactorRetryEnvironment(
            Clock.systemUTC(), Schedulers.parallel(), recordsASyncSleep, () -> 0.0));
        List<Boolean> attemptOnNonBlockingThread = new CopyOnWriteArrayList<>();
        HttpPipelinePolicy threadProbe = (context, next) -> {
            attemptOnNonBlockingThread.add(Schedulers.isInNonBlockingThread());
            return next.process();
        };
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client).policies(policy, threadProbe).build();

        StepVerifier.create(pipeline.send(request).subscribeOn(Schedulers.parallel()))
            .assertNext(response -> assertThat(response.getStatusCode()).isEqualTo(429))
            .expectComplete()
            .verify(Duration.ofSeconds(GUARD_SECONDS));

        assertThat(sleptOn).as("threads the async path slept on").isEmpty();
        assertThat(attemptOnNonBlockingThread).containsExactly(true, true, true);
        assertThat(client.attempts()).extracting(ScriptedHttpClient.RecordedRequest::bodyAsString)
            .containsExactly("{\"input\":[\"x\"]}", "{\"input\":[\"x\"]}", "{\"input\":[\"x\"]}");
    }

    private static HttpRequest request() {
        return new HttpRequest(HttpMethod.POST, URL).setBody("{\"input\":[\"hello\"]}");
    }
}
