// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.metrics.implementation.MetricNames;
import io.github.openaipolicies.retry.RetryAfterOptions;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The instruments of {@code docs/metrics.md}, recorded through the sink as the azure-core adapter records them. */
class CallMetricsTest {
    final CallHarness harness;

    CallMetricsTest() throws IOException {
        harness = new CallHarness();
    }

    @AfterEach
    void close() throws IOException {
        harness.close();
    }

    private long sum(String instrument, Object... attributes) {
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put(MetricNames.SERVER_ADDRESS, harness.server.getHostName());
        expected.put(MetricNames.DEPLOYMENT, "emb");
        for (int i = 0; i < attributes.length; i += 2) {
            expected.put((String) attributes[i], attributes[i + 1]);
        }
        return harness.sink.sum(instrument, expected);
    }

    @Test
    void attemptsRetriesAndTheServersDelayAreRecordedWithTheKeysAttributes() throws Exception {
        harness.server.enqueue(OkHttpCallTest.status(429, "retry-after-ms", "800"));
        harness.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        harness.server.enqueue(OkHttpCallTest.status(200));
        harness.client(new RetryAfterOptions());

        harness.send(harness.embeddings(), false).close();

        assertThat(sum(MetricNames.ATTEMPTS, MetricNames.STATUS_CLASS, "4xx", MetricNames.RETRY, false)).isOne();
        assertThat(sum(MetricNames.ATTEMPTS, MetricNames.STATUS_CLASS, "error", MetricNames.RETRY, true)).isOne();
        assertThat(sum(MetricNames.ATTEMPTS, MetricNames.STATUS_CLASS, "2xx", MetricNames.RETRY, true)).isOne();
        assertThat(sum(MetricNames.ATTEMPTS)).isEqualTo(3);
        assertThat(sum(MetricNames.RETRIES, MetricNames.REASON, "retryable_status")).isOne();
        assertThat(sum(MetricNames.RETRIES, MetricNames.REASON, "retryable_error")).isOne();
        assertThat(harness.sink.values(MetricNames.SERVER_DELAY, Map.of())).containsExactly(0.8);
        assertThat(harness.sink.values(MetricNames.GATE_HOLD, Map.of(MetricNames.REASON, "none")))
            .containsExactly(0.0, 0.0, 0.0);
        assertThat(harness.sink.recordings()).noneMatch(r -> r.instrument().equals(MetricNames.CALLS_STOPPED));
    }

    @Test
    void aFirstAttemptsErrorIsNoRetryAndABackoffIsNoServerDelay() throws Exception {
        harness.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        harness.server.enqueue(OkHttpCallTest.status(500));
        harness.server.enqueue(OkHttpCallTest.status(200));
        harness.client(new RetryAfterOptions());

        harness.send(harness.embeddings(), false).close();

        assertThat(sum(MetricNames.ATTEMPTS, MetricNames.STATUS_CLASS, "error", MetricNames.RETRY, false)).isOne();
        assertThat(sum(MetricNames.ATTEMPTS, MetricNames.STATUS_CLASS, "5xx", MetricNames.RETRY, true)).isOne();
        assertThat(sum(MetricNames.RETRIES)).isEqualTo(2);
        assertThat(harness.sink.values(MetricNames.SERVER_DELAY, Map.of())).isEmpty();
    }

    @Test
    void aCallALimitStoppedIsCountedByItsReason() throws Exception {
        harness.server.enqueue(OkHttpCallTest.status(503, "retry-after-ms", "10"));
        harness.server.enqueue(OkHttpCallTest.status(503, "retry-after-ms", "10"));
        harness.client(new RetryAfterOptions().setMaxRetries(1));

        harness.send(harness.embeddings(), false).close();

        assertThat(sum(MetricNames.CALLS_STOPPED, MetricNames.REASON, "retries_exhausted")).isOne();
        assertThat(sum(MetricNames.ATTEMPTS, MetricNames.STATUS_CLASS, "5xx")).isEqualTo(2);
    }

    @Test
    void aWaitInTheGateIsCountedWhileItLastsAndItsHoldRecorded() throws Exception {
        harness.server.enqueue(OkHttpCallTest.status(200));
        harness.gate.hold();
        harness.time.onWait(() -> {
            assertThat(sum(MetricNames.GATE_WAITING)).isOne();
            harness.gate.release();
        });
        harness.client(new RetryAfterOptions());

        harness.send(harness.embeddings(), false).close();

        assertThat(harness.sink.values(MetricNames.GATE_WAITING, Map.of())).containsExactly(1.0, -1.0);
        assertThat(harness.sink.values(MetricNames.GATE_HOLD, Map.of(MetricNames.REASON, "queued")))
            .containsExactly(0.25);
    }

    @Test
    void aGateTimeoutEndsTheCallAndIsCounted() {
        harness.gate.hold();
        harness.time.onWait(() -> harness.gate.waiting().get(0).completeExceptionally(
            new ThrottleGateTimeoutException("key", Duration.ofSeconds(90), Duration.ofSeconds(60))));
        harness.client(new RetryAfterOptions());

        assertThatThrownBy(() -> harness.send(harness.embeddings(), false))
            .isInstanceOf(ThrottleGateTimeoutException.class);

        assertThat(sum(MetricNames.CALLS_STOPPED, MetricNames.REASON, "gate_timeout")).isOne();
        assertThat(harness.sink.values(MetricNames.GATE_WAITING, Map.of())).containsExactly(1.0, -1.0);
        assertThat(harness.server.getRequestCount()).isZero();
    }

    @Test
    void repeatedAndConflictingCredentialsAreCounted() throws Exception {
        harness.server.enqueue(OkHttpCallTest.status(200));
        harness.client(new RetryAfterOptions());

        harness.send(harness.embeddings().newBuilder().addHeader("api-key", "key").build(), false).close();
        assertThatThrownBy(() -> harness.send(harness.embeddings().newBuilder().addHeader("api-key", "other")
            .build(), false));

        assertThat(sum(MetricNames.CREDENTIALS_DEDUPLICATED, MetricNames.HEADER, "api-key")).isOne();
        assertThat(sum(MetricNames.CREDENTIALS_REFUSED, MetricNames.HEADER, "api-key")).isOne();
    }
}
