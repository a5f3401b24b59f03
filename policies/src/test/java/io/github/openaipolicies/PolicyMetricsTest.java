// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.github.openaipolicies.VirtualTimeHarness.Path;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.gate.implementation.GateEnvironment;
import io.github.openaipolicies.gate.implementation.InMemoryThrottleGate;
import io.github.openaipolicies.implementation.metrics.PipelineMeters;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.openaipolicies.ScriptedHttpClient.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every metric of the policies, read back through a {@link RecordingMeterProvider}, on both paths, in virtual time.
 */
@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class PolicyMetricsTest {
    private static final String URL = "https://Res.openai.azure.com/openai/deployments/emb/embeddings?api-version=1";
    private static final String QUOTA_KEY = "https://res.openai.azure.com:443/openai/deployments/emb";
    private static final Map<String, Object> KEY = Map.of("server.address", "res.openai.azure.com",
        "openai.deployment", "emb");

    private final VirtualTimeHarness harness = new VirtualTimeHarness();
    private final RecordingMeterProvider recorder = new RecordingMeterProvider();

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private PipelineMeters meters() {
        return PipelineMeters.of(recorder.options());
    }

    private RetryAfterPolicy retry(RetryAfterOptions options) {
        return new RetryAfterPolicy(options, harness.environment(0.0), meters());
    }

    private HttpResponse send(Path path, RetryAfterOptions options, ScriptedHttpClient client,
        HttpPipelinePolicy... perRetry) {
        return harness.send(path, harness.pipeline(retry(options), client, perRetry), request());
    }

    private static HttpRequest request() {
        return new HttpRequest(HttpMethod.POST, URL).setBody("{\"input\":[\"hello\"]}");
    }

    private static Map<String, Object> key(Object... more) {
        Map<String, Object> attributes = new java.util.HashMap<>(KEY);
        for (int i = 0; i < more.length; i += 2) {
            attributes.put((String) more[i], more[i + 1]);
        }
        return attributes;
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void attemptsAreCountedByStatusClassAndRetry(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(429, headers("retry-after-ms", "100"))
            .fail(new IOException("reset")).respond(500).respond(200);

        send(path, new RetryAfterOptions(), client).close();

        String attempts = "openai.pipeline.attempts";
        assertThat(recorder.sum(attempts, key("status_class", "4xx", "retry", false))).isEqualTo(1);
        assertThat(recorder.sum(attempts, key("status_class", "error", "retry", true))).isEqualTo(1);
        assertThat(recorder.sum(attempts, key("status_class", "5xx", "retry", true))).isEqualTo(1);
        assertThat(recorder.sum(attempts, key("status_class", "2xx", "retry", true))).isEqualTo(1);
        assertThat(recorder.sum(attempts)).isEqualTo(4);
        assertThat(recorder.instrument(attempts).unit()).isEqualTo("{attempt}");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void retriesAreCountedByReason(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(429, headers("retry-after-ms", "100"))
            .fail(new IOException("reset")).respond(400, headers("x-should-retry", "true")).respond(200);

        send(path, new RetryAfterOptions(), client).close();

        String retries = "openai.pipeline.retries";
        assertThat(recorder.sum(retries, key("reason", "retryable_status"))).isEqualTo(1);
        assertThat(recorder.sum(retries, key("reason", "retryable_error"))).isEqualTo(1);
        assertThat(recorder.sum(retries, key("reason", "server_requested_retry"))).isEqualTo(1);
        assertThat(recorder.sum(retries)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void serverDelaysHonouredAreRecordedInSecondsAndBackoffDelaysAreNot(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(429, headers("retry-after-ms", "2500"))
            .respond(503).respond(429, headers("Retry-After", "3")).respond(200);

        send(path, new RetryAfterOptions(), client).close();

        assertThat(recorder.values("openai.pipeline.server_delay", KEY)).containsExactly(2.5, 3.0);
        assertThat(recorder.instrument("openai.pipeline.server_delay").unit()).isEqualTo("s");
        assertThat(harness.delaysBetweenAttempts()).as("the delays the histogram shows were waited")
            .contains(2_500L, 3_000L);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void callsStoppedByACapTheTimeoutOrInsufficientQuotaAreCountedByReason(Path path) {
        send(path, new RetryAfterOptions().setMaxRetries(1),
            new ScriptedHttpClient().respond(500).respond(500)).close();
        send(path, new RetryAfterOptions(),
            new ScriptedHttpClient().respond(429, headers("Retry-After", "120"))).close();
        send(path, new RetryAfterOptions().setTimeout(Duration.ofSeconds(5)),
            new ScriptedHttpClient().respond(429, headers("Retry-After", "30"))).close();
        send(path, new RetryAfterOptions(), new ScriptedHttpClient().respond(429, headers("Retry-After", "1"),
            "{\"error\":{\"code\":\"insufficient_quota\",\"message\":\"quota\"}}")).close();
        send(path, new RetryAfterOptions(), new ScriptedHttpClient().respond(404)).close();

        String stopped = "openai.pipeline.calls.stopped";
        assertThat(recorder.sum(stopped, key("reason", "retries_exhausted"))).isEqualTo(1);
        assertThat(recorder.sum(stopped, key("reason", "retry_after_above_max"))).isEqualTo(1);
        assertThat(recorder.sum(stopped, key("reason", "timeout_budget_exceeded"))).isEqualTo(1);
        assertThat(recorder.sum(stopped, key("reason", "insufficient_quota"))).isEqualTo(1);
        assertThat(recorder.sum(stopped)).as("a 404 is the answer, not a stop by a limit").isEqualTo(4);
    }

    @Test
    void leasesTheGateReclaimsAreReportedOnceAGateHoweverManyPoliciesShareIt() {
        InMemoryThrottleGate gate = gate(done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)));
        gatePolicy(gate);
        gatePolicy(gate);
        ThrottleRequest lost = new ThrottleRequest(QUOTA_KEY, 1, harness.clock.instant(),
            harness.clock.instant().plusSeconds(1));
        gate.acquire(lost).join();
        assertThat(recorder.gaugeValues("openai.pipeline.gate.leases.reclaimed")).as("one gauge for the gate")
            .containsExactly(0L);

        harness.scheduler.advanceTimeBy(Duration.ofSeconds(1).plus(InMemoryThrottleGate.LEASE_MARGIN));
        gate.tryAcquireNow(new ThrottleRequest(QUOTA_KEY, 1, harness.clock.instant(),
            harness.clock.instant().plusSeconds(1)));

        assertThat(recorder.gaugeValues("openai.pipeline.gate.leases.reclaimed")).containsExactly(1L);
        assertThat(recorder.instrument("openai.pipeline.gate.leases.reclaimed").unit()).isEqualTo("{admission}");
    }

    private InMemoryThrottleGate gate(GateEnvironment.Blocker blocker) {
        return new InMemoryThrottleGate(new ThrottleGateOptions(),
            new GateEnvironment(harness.clock, ReactorGateTimer.of(harness.scheduler), blocker));
    }

    private ThrottleGatePolicy gatePolicy(InMemoryThrottleGate gate) {
        return new ThrottleGatePolicy(gate, harness.clock, harness.clock, meters());
    }

    /** A first call refused with the given delay: the key is held for it (virtual time stands still). */
    private void throttleKey(Path path, InMemoryThrottleGate gate, String retryAfterMs) {
        sendThroughGate(path, new RetryAfterOptions().setMaxRetries(0),
            new ScriptedHttpClient().respond(429, headers("retry-after-ms", retryAfterMs)), gate, 0).close();
    }

    /** Sends through the gate; the async path advances virtual time by {@code advanceMillis} only. */
    private HttpResponse sendThroughGate(Path path, RetryAfterOptions options, ScriptedHttpClient client,
        InMemoryThrottleGate gate, long advanceMillis) {
        return harness.send(path, harness.pipeline(retry(options), client, gatePolicy(gate)), request(),
            advanceMillis);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void theTimeHeldInTheGateIsRecordedWithItsReason(Path path) {
        InMemoryThrottleGate gate = gate(done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)));
        throttleKey(path, gate, "2000");

        sendThroughGate(path, new RetryAfterOptions(), new ScriptedHttpClient().respond(200), gate, 2_000).close();

        String hold = "openai.pipeline.gate.hold.duration";
        assertThat(recorder.values(hold, key("reason", "none"))).containsExactly(0.0);
        assertThat(recorder.values(hold, key("reason", "after_429"))).containsExactly(2.0);
        assertThat(recorder.instrument(hold).unit()).isEqualTo("s");
    }

    @Test
    void attemptsWaitingInTheGateAreCountedUpAndDownOnTheAsyncPath() {
        InMemoryThrottleGate gate = gate(done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)));
        throttleKey(Path.ASYNC, gate, "2000");
        HttpPipeline pipeline = harness.pipeline(retry(new RetryAfterOptions()), new ScriptedHttpClient().respond(200),
            gatePolicy(gate));
        String waiting = "openai.pipeline.gate.waiting";

        StepVerifier.create(pipeline.send(request()))
            .expectSubscription()
            .then(() -> assertThat(recorder.sum(waiting, KEY)).as("while held").isEqualTo(1))
            .then(() -> harness.scheduler.advanceTimeBy(Duration.ofSeconds(2)))
            .assertNext(HttpResponse::close)
            .verifyComplete();

        assertThat(recorder.sum(waiting, KEY)).as("after").isZero();
        assertThat(recorder.values(waiting, KEY)).as("the first call, on a key the gate did not know yet, waited too")
            .containsExactly(1.0, -1.0, 1.0, -1.0);
        assertThat(recorder.instrument(waiting).kind()).isEqualTo("up-down counter");
    }

    @Test
    void attemptsWaitingInTheGateAreCountedUpAndDownOnTheSyncPath() {
        List<Long> seenWhileBlocked = new ArrayList<>();
        String waiting = "openai.pipeline.gate.waiting";
        InMemoryThrottleGate gate = gate(done -> {
            seenWhileBlocked.add(recorder.sum(waiting, KEY));
            harness.scheduler.advanceTimeBy(Duration.ofSeconds(1));
        });
        throttleKey(Path.SYNC, gate, "2000");

        send(Path.SYNC, new RetryAfterOptions(), new ScriptedHttpClient().respond(200), gatePolicy(gate)).close();

        assertThat(seenWhileBlocked).isNotEmpty().containsOnly(1L);
        assertThat(recorder.sum(waiting, KEY)).as("after").isZero();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aGateWaitPastTheDeadlineCountsAsAStoppedCall(Path path) {
        InMemoryThrottleGate gate = gate(done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)));
        throttleKey(path, gate, "30000");

        assertThatThrownBy(() -> sendThroughGate(path, new RetryAfterOptions().setTimeout(Duration.ofSeconds(5)),
            new ScriptedHttpClient().respond(200), gate, 0))
            .isInstanceOf(ThrottleGateTimeoutException.class);

        assertThat(recorder.sum("openai.pipeline.calls.stopped", key("reason", "gate_timeout"))).isEqualTo(1);
        assertThat(recorder.sum("openai.pipeline.attempts", key("status_class", "error"))).isEqualTo(1);
        assertThat(recorder.sum("openai.pipeline.gate.waiting", KEY)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void duplicateCredentialsRemovedAndConflictsRefusedAreCountedByHeader(Path path) {
        DedupeAuthPolicy dedupe = new DedupeAuthPolicy(recorder.options());
        send(path, new RetryAfterOptions(), new ScriptedHttpClient().respond(200),
            new PipelineTestPolicies.AddHeaderPolicy("Authorization", "Bearer a"),
            new PipelineTestPolicies.AddHeaderPolicy("Authorization", "Bearer a"), dedupe).close();
        assertThatThrownBy(() -> send(path, new RetryAfterOptions(), new ScriptedHttpClient().respond(200),
            new PipelineTestPolicies.AddHeaderPolicy("api-key", "one"),
            new PipelineTestPolicies.AddHeaderPolicy("api-key", "two"), dedupe))
            .isInstanceOf(DuplicateCredentialException.class);

        assertThat(recorder.sum("openai.pipeline.credentials.deduplicated", key("header", "authorization")))
            .isEqualTo(1);
        assertThat(recorder.sum("openai.pipeline.credentials.refused", key("header", "api-key"))).isEqualTo(1);
        assertThat(recorder.sum("openai.pipeline.credentials.deduplicated")).isEqualTo(1);
        assertThat(recorder.sum("openai.pipeline.credentials.refused")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void attributesAreTheHostAndTheDeploymentOnlyNeverTheQueryOrACredential(Path path) {
        InMemoryThrottleGate gate = gate(done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)));
        send(path, new RetryAfterOptions(), new ScriptedHttpClient().respond(429, headers("retry-after-ms", "10"))
                .respond(200), gatePolicy(gate), new PipelineTestPolicies.AddHeaderPolicy("api-key", "secret-key"),
            new PipelineTestPolicies.AddHeaderPolicy("api-key", "secret-key"),
            new DedupeAuthPolicy(recorder.options())).close();

        assertThat(recorder.recordings()).isNotEmpty().allSatisfy(recording -> {
            assertThat(recording.attributes()).containsAllEntriesOf(KEY);
            assertThat(recording.attributes().keySet()).isSubsetOf("server.address", "openai.deployment",
                "status_class", "retry", "reason", "header");
            assertThat(recording.attributes().values()).noneMatch(value -> String.valueOf(value).contains("api-version")
                || String.valueOf(value).contains("secret"));
        });
    }

    @Test
    void aUrlWithoutADeploymentHasTheHostAndTheApiFamily() {
        new HttpPipelineBuilder().httpClient(new ScriptedHttpClient().respond(200))
            .policies(retry(new RetryAfterOptions())).build()
            .sendSync(new HttpRequest(HttpMethod.POST, "https://api.openai.com/v1/embeddings?x=1"),
                com.azure.core.util.Context.NONE).close();

        assertThat(recorder.recordings()).singleElement().extracting(RecordingMeterProvider.Recording::attributes)
            .isEqualTo(Map.of("server.address", "api.openai.com", "openai.api", "/v1/embeddings", "status_class", "2xx",
                "retry", false));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aV1RequestIsMeasuredUnderTheModelOfItsBodyByEveryPolicy(Path path) {
        InMemoryThrottleGate gate = gate(done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)));
        HttpRequest request = new HttpRequest(HttpMethod.POST, "https://api.openai.com/v1/embeddings")
            .setBody("{\"input\":\"x\",\"model\":\"text-embedding-3-small\"}");
        harness.send(path, harness.pipeline(retry(new RetryAfterOptions()), new ScriptedHttpClient().respond(200),
            gatePolicy(gate), new PipelineTestPolicies.AddHeaderPolicy("api-key", "k"),
            new PipelineTestPolicies.AddHeaderPolicy("api-key", "k"), new DedupeAuthPolicy(recorder.options())),
            request).close();

        Map<String, Object> model = Map.of("server.address", "api.openai.com", "openai.model",
            "text-embedding-3-small");
        assertThat(recorder.sum("openai.pipeline.attempts", model)).isEqualTo(1);
        assertThat(recorder.values("openai.pipeline.gate.hold.duration", model)).hasSize(1);
        assertThat(recorder.sum("openai.pipeline.credentials.deduplicated", model)).isEqualTo(1);
        assertThat(recorder.recordings()).allSatisfy(recording -> assertThat(recording.has(model)).isTrue());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void disabledMetricsOptionsRecordNothingAndCreateNoMeter(Path path) {
        RecordingMeterProvider off = new RecordingMeterProvider();
        PipelineMeters meters = PipelineMeters.of(off.options().setEnabled(false));
        InMemoryThrottleGate gate = gate(done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1)));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(429, headers("retry-after-ms", "100"))
            .fail(new IOException("reset")).respond(200);
        HttpPipeline pipeline = harness.pipeline(new RetryAfterPolicy(new RetryAfterOptions(),
            harness.environment(0.0), meters), client, new ThrottleGatePolicy(gate, harness.clock, harness.clock, meters),
            new PipelineTestPolicies.AddHeaderPolicy("api-key", "k"),
            new PipelineTestPolicies.AddHeaderPolicy("api-key", "k"),
            new DedupeAuthPolicy(off.options().setEnabled(false)));

        harness.send(path, pipeline, request()).close();

        assertThat(meters.enabled()).isFalse();
        assertThat(off.metersCreated()).isZero();
        assertThat(off.recordings()).isEmpty();
        assertThat(client.attemptCount()).as("the call itself ran: 429, error, 200").isEqualTo(3);
    }

    @Test
    void aMeterThatIsNotEnabledMakesThePoliciesSkipAllWorkIncludingAttributes() {
        RecordingMeterProvider notEnabled = new RecordingMeterProvider(false);

        PipelineMeters meters = PipelineMeters.of(notEnabled.options());

        assertThat(meters.enabled()).isFalse();
        assertThat(notEnabled.metersCreated()).isEqualTo(1);
        assertThat(notEnabled.attributeSetsCreated()).isZero();
    }

    @Test
    void attributesArePrecomputedOncePerQuotaKey() {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(new ScriptedHttpClient().respond(200).times(3))
            .policies(retry(new RetryAfterOptions())).build();
        pipeline.sendSync(request(), com.azure.core.util.Context.NONE).close();
        int afterFirstCall = recorder.attributeSetsCreated();

        pipeline.sendSync(request(), com.azure.core.util.Context.NONE).close();
        pipeline.sendSync(request(), com.azure.core.util.Context.NONE).close();

        assertThat(afterFirstCall).isPositive();
        assertThat(recorder.attributeSetsCreated()).isEqualTo(afterFirstCall);
        assertThat(recorder.sum("openai.pipeline.attempts")).isEqualTo(3);
    }
}
