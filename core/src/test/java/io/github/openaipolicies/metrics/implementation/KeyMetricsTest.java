// Licensed under the MIT License.
package io.github.openaipolicies.metrics.implementation;

import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import io.github.openaipolicies.retry.implementation.RetryReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class KeyMetricsTest {
    private static final Map<String, Object> KEY = MetricNames.keyAttributes("res.openai.azure.com", "emb", null,
        null);

    private final RecordingSink sink = new RecordingSink();
    private final KeyMetrics metrics = metricsOf(sink);

    private static KeyMetrics metricsOf(RecordingSink sink) {
        return PipelineInstruments.of(sink).forKey("https://res.openai.azure.com:443/openai/deployments/emb", KEY,
            key -> key);
    }

    private static Map<String, Object> key(String name, Object value) {
        Map<String, Object> attributes = new java.util.HashMap<>(KEY);
        attributes.put(name, value);
        return attributes;
    }

    @ParameterizedTest
    @CsvSource({"100, other", "199, other", "200, 2xx", "299, 2xx", "300, other", "399, other", "400, 4xx",
        "429, 4xx", "499, 4xx", "500, 5xx", "599, 5xx", "600, other"})
    void attemptsAreCountedByStatusClassAndRetry(int status, String statusClass) {
        metrics.attempt(status, false);
        metrics.attempt(status, true);
        metrics.attempt(status, true);

        assertThat(sink.recordings()).extracting(RecordingSink.Recording::attributes).containsExactly(
            Map.of("server.address", "res.openai.azure.com", "openai.deployment", "emb", "status_class", statusClass,
                "retry", false),
            Map.of("server.address", "res.openai.azure.com", "openai.deployment", "emb", "status_class", statusClass,
                "retry", true),
            Map.of("server.address", "res.openai.azure.com", "openai.deployment", "emb", "status_class", statusClass,
                "retry", true));
        assertThat(sink.recordings()).allSatisfy(recording -> {
            assertThat(recording.instrument()).isEqualTo(MetricNames.ATTEMPTS);
            assertThat(recording.value()).isEqualTo(1.0);
        });
    }

    @Test
    void anAttemptThatFailedCountsAsAnError() {
        metrics.attemptFailed(false);
        metrics.attemptFailed(true);
        metrics.attemptFailed(true);

        assertThat(sink.sum(MetricNames.ATTEMPTS, Map.of("status_class", "error", "retry", false))).isEqualTo(1);
        assertThat(sink.sum(MetricNames.ATTEMPTS, Map.of("status_class", "error", "retry", true))).isEqualTo(2);
        assertThat(sink.recordings()).hasSize(3);
    }

    @Test
    void theKeysAttributesComeFirstInTheirOrderThenTheRecordsOwn() {
        Map<String, Object> v1 = MetricNames.keyAttributes("api.openai.com", null, "gpt-4o", null);
        KeyMetrics model = PipelineInstruments.of(sink).forKey("k", v1, key -> key);

        model.attempt(200, true);
        model.retry("RETRYABLE_STATUS", Duration.ofSeconds(1));

        assertThat(sink.recordings()).extracting(recording -> List.copyOf(recording.attributes().keySet()))
            .containsExactly(List.of("server.address", "openai.model", "status_class", "retry"),
                List.of("server.address", "openai.model", "reason"),
                List.of("server.address", "openai.model"));
    }

    @Test
    void retriesAreCountedByLowerCaseReasonAndOnlyServerDelaysAreRecordedInSeconds() {
        metrics.retry("RETRYABLE_STATUS", Duration.ofMillis(1_500));
        metrics.retry("RETRYABLE_ERROR", null);
        metrics.retry("retryable_status", Duration.ofNanos(250_000_000));

        assertThat(sink.sum(MetricNames.RETRIES, key("reason", "retryable_status"))).isEqualTo(2);
        assertThat(sink.sum(MetricNames.RETRIES, key("reason", "retryable_error"))).isEqualTo(1);
        assertThat(sink.values(MetricNames.SERVER_DELAY, KEY)).containsExactly(1.5, 0.25);
        assertThat(sink.recordings()).filteredOn(recording -> recording.instrument().equals(MetricNames.SERVER_DELAY))
            .allSatisfy(recording -> assertThat(recording.attributes()).isEqualTo(KEY));
    }

    @Test
    void stopsAreCountedByReason() {
        metrics.stopped(CallStop.GATE_TIMEOUT);
        metrics.stopped(CallStop.RETRIES_EXHAUSTED);
        metrics.stopped(CallStop.GATE_TIMEOUT);

        assertThat(sink.sum(MetricNames.CALLS_STOPPED, key("reason", "gate_timeout"))).isEqualTo(2);
        assertThat(sink.sum(MetricNames.CALLS_STOPPED, key("reason", "retries_exhausted"))).isEqualTo(1);
    }

    @Test
    void aDecisionCountsItsRetryWithTheServersDelayOnlyOrTheStopOfALimit() {
        metrics.decided(RetryDecision.retry(RetryReason.RETRYABLE_STATUS, Duration.ofMillis(1_500), "retry-after-ms",
            Duration.ofMillis(1_500)));
        metrics.decided(RetryDecision.retry(RetryReason.RETRYABLE_ERROR, Duration.ofMillis(800),
            RetryDecision.BACKOFF, null));
        metrics.decided(RetryDecision.stop(RetryReason.RETRIES_EXHAUSTED));
        metrics.decided(RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS));

        assertThat(sink.sum(MetricNames.RETRIES, key("reason", "retryable_status"))).isEqualTo(1);
        assertThat(sink.sum(MetricNames.RETRIES, key("reason", "retryable_error"))).isEqualTo(1);
        assertThat(sink.values(MetricNames.SERVER_DELAY, KEY)).containsExactly(1.5);
        assertThat(sink.sum(MetricNames.CALLS_STOPPED, key("reason", "retries_exhausted"))).isEqualTo(1);
        assertThat(sink.recordings()).hasSize(4);
    }

    @Test
    void holdsAreRecordedInSecondsByLowerCaseReason() {
        metrics.held(Duration.ZERO, "NONE");
        metrics.held(Duration.ofMillis(2_250), "REQUESTS_AT_ZERO");

        assertThat(sink.values(MetricNames.GATE_HOLD, key("reason", "none"))).containsExactly(0.0);
        assertThat(sink.values(MetricNames.GATE_HOLD, key("reason", "requests_at_zero"))).containsExactly(2.25);
    }

    @Test
    void waitingGoesUpAndDownWithTheKeysAttributesAlone() {
        metrics.waiting(1);
        metrics.waiting(1);
        metrics.waiting(-1);

        assertThat(sink.values(MetricNames.GATE_WAITING, KEY)).containsExactly(1.0, 1.0, -1.0);
        assertThat(sink.recordings()).allSatisfy(recording -> assertThat(recording.attributes()).isEqualTo(KEY));
    }

    @Test
    void credentialsAreCountedByLowerCaseHeaderAsDeduplicatedOrRefused() {
        metrics.credential("api-key", false);
        metrics.credential("Authorization", true);
        metrics.credential("api-key", true);

        assertThat(sink.sum(MetricNames.CREDENTIALS_DEDUPLICATED, key("header", "api-key"))).isEqualTo(1);
        assertThat(sink.sum(MetricNames.CREDENTIALS_REFUSED, key("header", "authorization"))).isEqualTo(1);
        assertThat(sink.sum(MetricNames.CREDENTIALS_REFUSED, key("header", "api-key"))).isEqualTo(1);
        assertThat(sink.recordings()).hasSize(3);
    }

    @Test
    void onlyTheSetsRecordedWithAreBound() {
        assertThat(sink.bindings()).as("a key's metrics bind nothing when made").isEmpty();

        metrics.attempt(200, false);

        assertThat(sink.bindings()).containsExactly(new RecordingSink.Binding(MetricNames.ATTEMPTS,
            Map.of("server.address", "res.openai.azure.com", "openai.deployment", "emb", "status_class", "2xx",
                "retry", false)));
    }

    @Test
    void eachAttributeSetIsBoundOnceOnFirstUse() {
        for (int i = 0; i < 3; i++) {
            metrics.attempt(200, false);
            metrics.attempt(503, true);
            metrics.retry("RETRYABLE_STATUS", Duration.ofSeconds(1));
            metrics.stopped(CallStop.RETRIES_EXHAUSTED);
            metrics.held(Duration.ZERO, "NONE");
            metrics.waiting(1);
            metrics.credential("api-key", false);
            metrics.credential("api-key", true);
        }

        assertThat(sink.bindings()).hasSize(9);
        assertThat(sink.bindings()).doesNotHaveDuplicates();
        assertThat(sink.recordings()).hasSize(27);
    }

    /**
     * While one thread binds an attribute set (held inside the sink), another that records with the same set waits
     * for that binding instead of making its own: the sink sees one binding (an up-down counter bridged to a gauge
     * over one number loses values with two).
     */
    @Test
    @Timeout(30) // only so that a regression that blocks fails instead of hanging the build
    void racingThreadsBindOneSetOnce() throws Exception {
        CountDownLatch binding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        RecordingSink holding = new RecordingSink() {
            @Override
            protected void bound(String instrument, Map<String, Object> attributes) {
                super.bound(instrument, attributes);
                if (first.getAndSet(false)) {
                    binding.countDown();
                    awaitUninterruptibly(release);
                }
            }
        };
        KeyMetrics shared = metricsOf(holding);
        Thread binder = new Thread(() -> shared.waiting(1));
        binder.start();
        binding.await();
        Thread racer = new Thread(() -> shared.waiting(1));
        racer.start();
        awaitBlockedInMapOrDone(racer);
        assertThat(racer.getState()).as("the racer waits for the binding in progress")
            .isNotEqualTo(Thread.State.TERMINATED);
        release.countDown();
        binder.join();
        racer.join();

        assertThat(holding.bindings()).hasSize(1);
        assertThat(holding.values(MetricNames.GATE_WAITING, KEY)).containsExactly(1.0, 1.0);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Spins until the thread has ended or is blocked on a lock of a {@code ConcurrentHashMap}. */
    private static void awaitBlockedInMapOrDone(Thread thread) {
        while (thread.getState() != Thread.State.TERMINATED) {
            ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
            LockInfo lock = info == null ? null : info.getLockInfo();
            if (info != null && info.getThreadState() == Thread.State.BLOCKED && lock != null
                && lock.getClassName().startsWith("java.util.concurrent.ConcurrentHashMap")) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
