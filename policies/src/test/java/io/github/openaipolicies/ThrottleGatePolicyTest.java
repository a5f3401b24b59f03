// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.gate.implementation.GateEnvironment;
import io.github.openaipolicies.gate.implementation.GateProbe;
import io.github.openaipolicies.gate.implementation.InMemoryThrottleGate;
import io.github.openaipolicies.gate.implementation.TokenCost;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.openaipolicies.ScriptedHttpClient.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ThrottleGatePolicy} behind {@link RetryAfterPolicy}, in virtual time, on both paths.
 */
@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class ThrottleGatePolicyTest {
    private static final String URL = "https://res.openai.azure.com/openai/deployments/emb/embeddings?api-version=1";
    private static final String KEY = "https://res.openai.azure.com:443/openai/deployments/emb";

    private final VirtualTimeHarness harness = new VirtualTimeHarness();
    private final PipelineTestPolicies.ContextProbe probe =
        new PipelineTestPolicies.ContextProbe(ThrottleGatePolicy.ADMISSION_CONTEXT_KEY);

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private InMemoryThrottleGate gate(GateEnvironment.Blocker blocker) {
        return new InMemoryThrottleGate(new ThrottleGateOptions(),
            new GateEnvironment(harness.clock, ReactorGateTimer.of(harness.scheduler), blocker));
    }

    private InMemoryThrottleGate virtualGate() {
        return gate(done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)));
    }

    private HttpPipeline pipeline(InMemoryThrottleGate gate, RetryAfterOptions options, ScriptedHttpClient client) {
        return harness.pipeline(harness.policy(options), client, new ThrottleGatePolicy(gate, harness.clock),
            probe);
    }

    /** Sends on the path; the async path advances virtual time by {@code advanceMillis} and then must be done. */
    private HttpResponse send(VirtualTimeHarness.Path path, HttpPipeline pipeline, long advanceMillis) {
        return harness.send(path, pipeline, request(), advanceMillis);
    }

    /** The admission each attempt carried in its context, in attempt order. */
    private List<ThrottleAdmission> admissions() {
        return probe.seen().stream().map(ThrottleAdmission.class::cast).toList();
    }

    private static HttpRequest request() {
        return new HttpRequest(HttpMethod.POST, URL).setBody("{\"input\":[\"" + "x".repeat(400) + "\"]}");
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void anAttemptNothingHoldsBackGoesAtOnceWithoutWaitingInTheGate(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate inMemory = virtualGate();
        AtomicInteger waits = new AtomicInteger();
        ThrottleGate counting = new ThrottleGate() {
            @Override
            public String quotaKey(RequestView request) {
                return inMemory.quotaKey(request);
            }

            @Override
            public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
                waits.incrementAndGet();
                return inMemory.acquire(request);
            }

            @Override
            public ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException {
                waits.incrementAndGet();
                return inMemory.acquireSync(request);
            }

            @Override
            public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
                return inMemory.tryAcquireNow(request);
            }

            @Override
            public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
                inMemory.report(admission, feedback);
            }
        };
        ScriptedHttpClient fine = new ScriptedHttpClient();
        for (int answer = 0; answer < 3; answer++) {
            fine.respond(200, headers("x-ratelimit-remaining-requests", "10"));
        }
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions()), fine,
            new ThrottleGatePolicy(counting, harness.clock), probe);

        for (int call = 0; call < 3; call++) {
            try (HttpResponse response = send(path, pipeline, 0)) {
                assertThat(response.getStatusCode()).isEqualTo(200);
            }
        }

        assertThat(waits).as("only the first attempt, on a key the gate did not know, waited in the gate").hasValue(1);
        assertThat(admissions()).hasSize(3).noneMatch(ThrottleAdmission::wasHeld);
        assertThat(GateProbe.inFlight(inMemory, KEY)).as("every attempt reported").isZero();
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aCallStartedDuringAHoldWaitsAndSaysWhyInTheContext(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = virtualGate();
        ScriptedHttpClient throttled = new ScriptedHttpClient().respond(429,
            headers("retry-after-ms", "2000", "x-ratelimit-remaining-requests", "0"));
        ScriptedHttpClient fine = new ScriptedHttpClient().respond(200,
            headers("x-ratelimit-remaining-requests", "10"));

        try (HttpResponse first = send(path, pipeline(gate, new RetryAfterOptions().setMaxRetries(0),
            throttled), 0)) {
            assertThat(first.getStatusCode()).isEqualTo(429);
        }
        try (HttpResponse second = send(path, pipeline(gate, new RetryAfterOptions(), fine), 2_000)) {
            assertThat(second.getStatusCode()).isEqualTo(200);
        }

        assertThat(admissions()).hasSize(2);
        assertThat(admissions().get(0).wasHeld()).isFalse();
        assertThat(admissions().get(0).getCost()).as("ceil(400 / 4)").isEqualTo(100);
        assertThat(admissions().get(1).getReason()).isEqualTo(ThrottleHoldReason.AFTER_429);
        assertThat(admissions().get(1).getHeld()).isEqualTo(Duration.ofMillis(2_000));
        assertThat(harness.attemptTimesMillis).containsExactly(0L, 2_000L);
        assertThat(GateProbe.inFlight(gate, KEY)).as("every attempt reported").isZero();
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void theLogLineOfAHeldAttemptSaysHowLongAndWhyAndAnAttemptThatWentAtOnceSaysNothing(
        VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = virtualGate();
        ScriptedHttpClient throttled = new ScriptedHttpClient().respond(429, headers("retry-after-ms", "2000"));
        ScriptedHttpClient fine = new ScriptedHttpClient().respond(200);

        try (LogCapture logs = new LogCapture().start()) {
            send(path, harness.pipeline(harness.policy(new RetryAfterOptions().setMaxRetries(0)), throttled,
                new ThrottleGatePolicy(gate, harness.clock), new RequestLoggingPolicy()), 0).close();
            send(path, harness.pipeline(harness.policy(new RetryAfterOptions()), fine,
                new ThrottleGatePolicy(gate, harness.clock), new RequestLoggingPolicy()), 2_000).close();

            List<java.util.Map<String, Object>> lines = LoggedLines.of(logs, RequestLoggingPolicy.class);
            assertThat(lines).map(line -> String.valueOf(line.get("statusCode"))).containsExactly("429", "200");
            assertThat(lines.get(0)).doesNotContainKeys("gateHeldMs", "gateHoldReason");
            assertThat(lines.get(1)).containsEntry("gateHoldReason", "after 429");
            assertThat(String.valueOf(lines.get(1).get("gateHeldMs"))).isEqualTo("2000");
        }
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aHoldLongerThanTheCallsBudgetFailsTheCallAtOnceWithoutSending(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = virtualGate();
        RetryAfterOptions fiveSeconds = new RetryAfterOptions().setTimeout(Duration.ofSeconds(5));
        ScriptedHttpClient throttled = new ScriptedHttpClient().respond(429, headers("retry-after", "30"));
        ScriptedHttpClient fine = new ScriptedHttpClient().respond(200);
        send(path, pipeline(gate, fiveSeconds, throttled), 0).close();

        assertThatThrownBy(() -> send(path, pipeline(gate, fiveSeconds, fine), 0))
            .isInstanceOf(ThrottleGateTimeoutException.class)
            .hasMessageContaining(KEY).hasMessageContaining("would hold the attempt for 30000 ms");

        assertThat(harness.scheduler.now(java.util.concurrent.TimeUnit.MILLISECONDS)).as("failed at once").isZero();
        assertThat(fine.attemptCount()).isZero();
        assertThat(GateProbe.waiting(gate, KEY)).isZero();
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void anAttemptThatFailsIsReportedAndItsRetryAsksTheGateAgain(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = virtualGate();
        ScriptedHttpClient client = new ScriptedHttpClient().fail(new IOException("reset")).respond(200);

        try (HttpResponse response = send(path, pipeline(gate, new RetryAfterOptions(), client), 10_000)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        assertThat(admissions()).hasSize(2);
        assertThat(GateProbe.inFlight(gate, KEY)).isZero();
    }

    @Test
    void cancellingAnAsyncCallWhileHeldTakesItOutOfTheQueueAndSendsNothing() {
        InMemoryThrottleGate gate = virtualGate();
        send(VirtualTimeHarness.Path.ASYNC, pipeline(gate, new RetryAfterOptions().setMaxRetries(0),
            new ScriptedHttpClient().respond(429, headers("retry-after", "10"))), 0).close();
        ScriptedHttpClient fine = new ScriptedHttpClient().respond(200);

        StepVerifier.create(pipeline(gate, new RetryAfterOptions(), fine).send(request()))
            .expectSubscription()
            .then(() -> harness.scheduler.advanceTimeBy(Duration.ofSeconds(1)))
            .then(() -> assertThat(GateProbe.waiting(gate, KEY)).isEqualTo(1))
            .thenCancel()
            .verify();

        assertThat(GateProbe.waiting(gate, KEY)).isZero();
        harness.scheduler.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(fine.attemptCount()).isZero();
    }

    @Test
    void anAsyncAttemptCancelledInFlightOrEndingWithoutAResponseIsReportedAbandoned() {
        InMemoryThrottleGate gate = virtualGate();
        HttpPipeline hanging = new com.azure.core.http.HttpPipelineBuilder()
            .httpClient(request -> Mono.never())
            .policies(new ThrottleGatePolicy(gate, harness.clock))
            .build();
        HttpPipeline empty = new com.azure.core.http.HttpPipelineBuilder()
            .httpClient(request -> Mono.empty())
            .policies(new ThrottleGatePolicy(gate, harness.clock))
            .build();

        StepVerifier.create(hanging.send(request()))
            .expectSubscription()
            .then(() -> assertThat(GateProbe.inFlight(gate, KEY)).as("admitted and sent").isEqualTo(1))
            .thenCancel()
            .verify();
        assertThat(GateProbe.inFlight(gate, KEY)).as("the cancel was reported").isZero();

        StepVerifier.create(empty.send(request())).verifyComplete();
        assertThat(GateProbe.inFlight(gate, KEY)).as("the empty answer was reported").isZero();
    }

    @Test
    void anInterruptedSyncWaitEndsTheCallAndKeepsTheInterruptFlag() {
        InMemoryThrottleGate gate = gate(GateEnvironment.Blocker.FUTURE_GET);
        harness.send(VirtualTimeHarness.Path.SYNC, pipeline(gate, new RetryAfterOptions().setMaxRetries(0),
            new ScriptedHttpClient().respond(429, headers("retry-after", "10"))), request()).close();
        ScriptedHttpClient fine = new ScriptedHttpClient().respond(200);
        HttpPipeline pipeline = pipeline(gate, new RetryAfterOptions(), fine);

        Thread.currentThread().interrupt();
        boolean flagKept;
        try {
            assertThatThrownBy(() -> harness.send(VirtualTimeHarness.Path.SYNC, pipeline, request()))
                .hasMessageContaining("Interrupted while waiting in the throttle gate for '" + KEY + "'")
                .hasCauseInstanceOf(InterruptedException.class);
        } finally {
            flagKept = Thread.interrupted();
        }

        assertThat(flagKept).isTrue();
        assertThat(GateProbe.waiting(gate, KEY)).isZero();
        assertThat(fine.attemptCount()).isZero();
    }

    @Test
    void theRetryOfAnOlderCallGoesBeforeANewerCall() {
        InMemoryThrottleGate gate = new InMemoryThrottleGate(new ThrottleGateOptions().setInitialAdmission(2),
            new GateEnvironment(harness.clock, ReactorGateTimer.of(harness.scheduler), done -> { }));
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("retry-after-ms", "1000")).respond(200).times(5);
        HttpPipeline pipeline = pipeline(gate, new RetryAfterOptions(), client);
        // Another attempt in flight at the start learns of a longer hold (3 s) once the old call's first try is
        // refused: the old call's retry (at 1 s) and a new call (at 0.5 s) both wait for its end.
        ThrottleAdmission other = gate.acquire(new ThrottleRequest(KEY, 1, VirtualTimeHarness.EPOCH,
            VirtualTimeHarness.EPOCH.plusSeconds(60))).join();
        List<String> finished = Collections.synchronizedList(new ArrayList<>());

        pipeline.send(request()).subscribe(r -> finished.add("old"));
        gate.report(other, ThrottleFeedback.response(429, Duration.ofSeconds(3), null, null, null, null));
        harness.scheduler.advanceTimeBy(Duration.ofMillis(500));
        pipeline.send(request()).subscribe(r -> finished.add("new"));
        harness.scheduler.advanceTimeBy(Duration.ofMillis(2_499));
        assertThat(GateProbe.waiting(gate, KEY)).isEqualTo(2);
        harness.scheduler.advanceTimeBy(Duration.ofMillis(1));

        assertThat(finished).containsExactlyInAnyOrder("old", "new");
        assertThat(harness.attemptTimesMillis).containsExactly(0L, 3_000L, 3_000L);
        assertThat(admissions().get(1).getHeld()).as("first after the hold: the old call's retry, waiting since 1 s")
            .isEqualTo(Duration.ofMillis(2_000));
        assertThat(admissions().get(2).getHeld()).as("then the new call, waiting since 0.5 s")
            .isEqualTo(Duration.ofMillis(2_500));
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aHeldAttemptIsLoggedWithHowLongAndWhyAndAnAttemptThatWentAtOnceIsNot(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = virtualGate();
        ScriptedHttpClient throttled = new ScriptedHttpClient().respond(429, headers("retry-after-ms", "2000"));
        ScriptedHttpClient fine = new ScriptedHttpClient().respond(200);

        try (LogCapture logs = new LogCapture().start()) {
            send(path, pipeline(gate, new RetryAfterOptions().setMaxRetries(0), throttled), 0).close();
            assertThat(LoggedLines.of(logs, ThrottleGatePolicy.class)).as("went at once").isEmpty();

            send(path, pipeline(gate, new RetryAfterOptions(), fine), 2_000).close();
            List<java.util.Map<String, Object>> lines = LoggedLines.of(logs, ThrottleGatePolicy.class);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).containsEntry("quotaKey", KEY).containsEntry("reason", "after 429");
            assertThat(String.valueOf(lines.get(0).get("heldMs"))).isEqualTo("2000");
        }
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aWaitPastTheDeadlineIsLoggedWithTheKeyTheWaitAndWhatWasAllowed(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = virtualGate();
        RetryAfterOptions fiveSeconds = new RetryAfterOptions().setTimeout(Duration.ofSeconds(5));
        send(path, pipeline(gate, fiveSeconds, new ScriptedHttpClient().respond(429, headers("retry-after", "30"))),
            0).close();

        try (LogCapture logs = new LogCapture().start()) {
            assertThatThrownBy(() -> send(path, pipeline(gate, fiveSeconds, new ScriptedHttpClient().respond(200)), 0))
                .isInstanceOf(ThrottleGateTimeoutException.class);
            List<java.util.Map<String, Object>> lines = LoggedLines.of(logs, ThrottleGatePolicy.class);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).containsEntry("quotaKey", KEY);
            assertThat(String.valueOf(lines.get(0).get("waitMs"))).isEqualTo("30000");
            assertThat(String.valueOf(lines.get(0).get("allowedMs"))).isEqualTo("5000");
        }
    }

    /** A gate that records the cost of every request it is asked about and passes everything to {@code inMemory}. */
    private static ThrottleGate costRecording(InMemoryThrottleGate inMemory, List<Long> costs) {
        return new ThrottleGate() {
            @Override
            public String quotaKey(RequestView request) {
                return inMemory.quotaKey(request);
            }

            @Override
            public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
                return inMemory.acquire(request);
            }

            @Override
            public ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException {
                return inMemory.acquireSync(request);
            }

            @Override
            public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
                costs.add(request.cost());
                return inMemory.tryAcquireNow(request);
            }

            @Override
            public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
                inMemory.report(admission, feedback);
            }
        };
    }

    @Test
    void aBodyUpToTheParsedLimitIsEstimatedAndALargerOneCostsTheUnknownCost() {
        List<Long> costs = new ArrayList<>();
        ScriptedHttpClient fine = new ScriptedHttpClient().respond(200).respond(200);
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions()), fine,
            new ThrottleGatePolicy(costRecording(virtualGate(), costs), harness.clock), probe);
        String prefix = "{\"input\":\"";
        String atLimit = prefix + "x".repeat(TokenCost.MAX_PARSED_BYTES - prefix.length() - 2) + "\"}";

        for (String body : List.of(atLimit, atLimit + " ")) {
            harness.send(VirtualTimeHarness.Path.SYNC, pipeline, new HttpRequest(HttpMethod.POST, URL).setBody(body),
                0).close();
        }

        assertThat(costs).hasSize(2);
        assertThat(costs.get(0)).as("estimated").isGreaterThan(TokenCost.UNKNOWN);
        assertThat(costs.get(1)).as("not parsed").isEqualTo(TokenCost.UNKNOWN);
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aBodyInAFileIsNeverReadForItsCostAndOneInMemoryIsEstimated(VirtualTimeHarness.Path path,
        @TempDir java.nio.file.Path dir) throws IOException {
        String json = "{\"input\":[\"" + "x".repeat(400) + "\"]}";
        java.nio.file.Path file = Files.writeString(dir.resolve("body.json"), json);
        BinaryData inFile = BinaryData.fromFile(file);
        Files.delete(file); // reading it now would throw
        List<Long> costs = new ArrayList<>();
        HttpPipeline pipeline = new HttpPipelineBuilder()
            .httpClient(request -> Mono.just(ScriptedHttpClient.ScriptedResponse.emptyOk(request)))
            .policies(new ThrottleGatePolicy(costRecording(virtualGate(), costs), harness.clock)).build();

        for (BinaryData body : List.of(inFile, BinaryData.fromString(json))) {
            harness.send(path, pipeline, new HttpRequest(HttpMethod.POST, URL).setBody(body), 0).close();
        }

        assertThat(costs).containsExactly(TokenCost.UNKNOWN, 100L);
    }
}
