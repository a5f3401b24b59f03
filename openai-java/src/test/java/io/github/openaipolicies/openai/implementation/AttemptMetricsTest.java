// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.gate.RecordingGate;
import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.metrics.implementation.MetricNames;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.github.openaipolicies.openai.implementation.PolicyHttpClientTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the openai-java adapter records through a {@link PipelineMetricsSink}: the same instruments and attributes as
 * the azure-core policies, on the sync and async paths, in virtual time.
 */
class AttemptMetricsTest {
    /** The attributes of the request's quota key: the /openai/v1 shape's deployment is the body's model. */
    private static final Map<String, Object> KEY = Map.of(MetricNames.SERVER_ADDRESS, "contoso.openai.azure.com",
        MetricNames.DEPLOYMENT, "emb");

    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingGate gate = new RecordingGate();
    private final TestTime time = new TestTime();
    private final RecordingSink sink = new RecordingSink();

    private PolicyHttpClient client(ThrottleGate throttleGate, RetryAfterOptions retry) {
        return PolicyHttpClient.wrap(transport, new CallSettings(RetryDecider.of(retry, () -> 0.0), throttleGate,
            AttemptMetrics.of(sink), time, time, time, time));
    }

    private PolicyHttpClient client() {
        return client(gate, new RetryAfterOptions());
    }

    private static Map<String, Object> key(Object... more) {
        Map<String, Object> attributes = new HashMap<>(KEY);
        for (int i = 0; i < more.length; i += 2) {
            attributes.put((String) more[i], more[i + 1]);
        }
        return attributes;
    }

    private HttpResponse call(boolean async, PolicyHttpClient client, String... headers) {
        return async ? client.executeAsync(request(headers), RequestOptions.none()).join()
            : client.execute(request(headers), RequestOptions.none());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void attemptsRetriesServerDelaysAndHoldsAreRecordedWithTheKeysAttributes(boolean async) {
        transport.then(CannedResponse.of(429, "retry-after-ms", "1500")).then(CannedResponse.of(200));

        call(async, client());

        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "4xx", MetricNames.RETRY, false)))
            .isEqualTo(1);
        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "2xx", MetricNames.RETRY, true)))
            .isEqualTo(1);
        assertThat(sink.sum(MetricNames.ATTEMPTS, Map.of())).isEqualTo(2);
        assertThat(sink.sum(MetricNames.RETRIES, key(MetricNames.REASON, "retryable_status"))).isEqualTo(1);
        assertThat(sink.values(MetricNames.SERVER_DELAY, KEY)).containsExactly(1.5);
        assertThat(sink.values(MetricNames.GATE_HOLD, key(MetricNames.REASON, "none"))).containsExactly(0.0, 0.0);
        assertThat(sink.values(MetricNames.CALLS_STOPPED, Map.of())).isEmpty();
        assertThat(sink.values(MetricNames.GATE_WAITING, Map.of())).as("nothing waited").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aBackoffRetryHasNoServerDelayAndExhaustedRetriesAreAStop(boolean async) {
        transport.thenFail(new OpenAIIoException("Request failed", new java.io.IOException("connection reset")));

        assertThatThrownBy(() -> call(async, client(gate, new RetryAfterOptions().setMaxRetries(2))));

        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "error", MetricNames.RETRY, false)))
            .isEqualTo(1);
        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "error", MetricNames.RETRY, true)))
            .isEqualTo(2);
        assertThat(sink.sum(MetricNames.RETRIES, key(MetricNames.REASON, "retryable_error"))).isEqualTo(2);
        assertThat(sink.values(MetricNames.SERVER_DELAY, Map.of())).as("backoff is not the server's delay").isEmpty();
        assertThat(sink.sum(MetricNames.CALLS_STOPPED, key(MetricNames.REASON, "retries_exhausted"))).isEqualTo(1);
    }

    @Test
    void aDelayAboveTheCapIsAStopByItsReasonAndAPlainAnswerIsNone() {
        transport.then(CannedResponse.of(429, "retry-after", "120")).then(CannedResponse.of(404));
        PolicyHttpClient client = client(gate, new RetryAfterOptions().setMaxRetryAfter(Duration.ofSeconds(60)));

        client.execute(request(), RequestOptions.none()).close();
        client.execute(request(), RequestOptions.none()).close();

        assertThat(sink.sum(MetricNames.CALLS_STOPPED, key(MetricNames.REASON, "retry_after_above_max")))
            .isEqualTo(1);
        assertThat(sink.sum(MetricNames.CALLS_STOPPED, Map.of())).as("a 404 is the answer, not a stop").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRepeatedCredentialIsCountedOnEveryAttemptItIsCollapsedOn(boolean async) {
        transport.then(CannedResponse.of(503)).then(CannedResponse.of(200));

        call(async, client(), "api-key", "k", "api-key", "k");

        assertThat(sink.sum(MetricNames.CREDENTIALS_DEDUPLICATED, key(MetricNames.HEADER, "api-key"))).isEqualTo(2);
        assertThat(sink.values(MetricNames.CREDENTIALS_REFUSED, Map.of())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void twoDifferentCredentialsAreARefusalAndAFailedAttempt(boolean async) {
        Throwable error = catchThrowable(() -> call(async, client(), "api-key", "a", "api-key", "b"));

        assertThat(async ? error.getCause() : error).isInstanceOf(DuplicateCredentialException.class);

        assertThat(sink.sum(MetricNames.CREDENTIALS_REFUSED, key(MetricNames.HEADER, "api-key"))).isEqualTo(1);
        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "error", MetricNames.RETRY, false)))
            .isEqualTo(1);
        assertThat(transport.requests()).isEmpty();
    }

    @Test
    void aSyncAttemptThatWaitsInTheGateIsCountedWaitingUntilItIsAdmitted() {
        gate.hold();
        transport.then(CannedResponse.of(200));

        client().execute(request(), RequestOptions.none()).close();

        assertThat(sink.values(MetricNames.GATE_WAITING, KEY)).containsExactly(1.0, -1.0);
    }

    @Test
    void anAsyncAttemptWaitingInTheGateIsCountedUntilItIsAdmittedAndTheHoldRecorded() {
        gate.hold();
        transport.then(CannedResponse.of(200));

        CompletableFuture<HttpResponse> call = client().executeAsync(request(), RequestOptions.none());
        assertThat(sink.sum(MetricNames.GATE_WAITING, KEY)).as("waiting now").isEqualTo(1);
        gate.release();
        call.join().close();

        assertThat(sink.values(MetricNames.GATE_WAITING, KEY)).containsExactly(1.0, -1.0);
        assertThat(sink.values(MetricNames.GATE_HOLD, key(MetricNames.REASON, "queued"))).containsExactly(0.25);
    }

    @Test
    void cancellingAnAsyncAttemptWaitingInTheGateStopsItsWaiting() {
        gate.hold();

        client().executeAsync(request(), RequestOptions.none()).cancel(false);

        assertThat(sink.values(MetricNames.GATE_WAITING, KEY)).containsExactly(1.0, -1.0);
        assertThat(sink.values(MetricNames.ATTEMPTS, Map.of())).as("nothing was sent").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theGatesDeadlineIsAGateTimeoutStopAndAFailedAttempt(boolean async) {
        RefusingGate refusing = new RefusingGate(new ThrottleGateTimeoutException("key", Duration.ofSeconds(90),
            Duration.ofSeconds(30)));

        assertThatThrownBy(() -> call(async, client(refusing, new RetryAfterOptions())));

        assertThat(sink.sum(MetricNames.CALLS_STOPPED, key(MetricNames.REASON, "gate_timeout"))).isEqualTo(1);
        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "error", MetricNames.RETRY, false)))
            .isEqualTo(1);
        assertThat(sink.sum(MetricNames.GATE_WAITING, KEY)).isZero();
        assertThat(transport.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anotherGateFailureIsAFailedAttemptButNoStop(boolean async) {
        RefusingGate refusing = new RefusingGate(new IllegalStateException("gate broken"));

        assertThatThrownBy(() -> call(async, client(refusing, new RetryAfterOptions())));

        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "error"))).isEqualTo(1);
        assertThat(sink.values(MetricNames.CALLS_STOPPED, Map.of())).isEmpty();
    }

    @Test
    void anAsyncGateThatThrowsAtOnceIsAFailedAttempt() {
        RefusingGate refusing = new RefusingGate(new IllegalStateException("gate broken"));
        refusing.throwAtOnce = true;

        assertThatThrownBy(() -> client(refusing, new RetryAfterOptions()).executeAsync(request(),
            RequestOptions.none()).join()).isInstanceOf(CompletionException.class);

        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "error"))).isEqualTo(1);
        assertThat(sink.values(MetricNames.GATE_WAITING, Map.of())).as("it never waited").isEmpty();
    }

    @Test
    void withoutAGateNoHoldIsRecorded() {
        transport.then(CannedResponse.of(200));

        client(null, new RetryAfterOptions()).execute(request(), RequestOptions.none()).close();

        assertThat(sink.sum(MetricNames.ATTEMPTS, key(MetricNames.STATUS_CLASS, "2xx"))).isEqualTo(1);
        assertThat(sink.values(MetricNames.GATE_HOLD, Map.of())).isEmpty();
    }

    @Test
    void theNoneSinkObservesNothing() {
        assertThat(AttemptMetrics.of(PipelineMetricsSink.NONE)).isSameAs(AttemptObserver.NONE);
        assertThat(AttemptMetrics.of(sink)).isNotSameAs(AttemptObserver.NONE);
    }

    /** A gate that never lets an attempt go: it fails every acquire with {@code error}. */
    private static final class RefusingGate implements ThrottleGate {
        private final RuntimeException error;
        private boolean throwAtOnce;

        RefusingGate(RuntimeException error) {
            this.error = error;
        }

        @Override
        public String quotaKey(RequestView request) {
            return request.url();
        }

        @Override
        public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
            if (throwAtOnce) {
                throw error;
            }
            return CompletableFuture.failedFuture(error);
        }

        @Override
        public ThrottleAdmission acquireSync(ThrottleRequest request) {
            throw error;
        }

        @Override
        public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
            return null;
        }

        @Override
        public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        }
    }
}
