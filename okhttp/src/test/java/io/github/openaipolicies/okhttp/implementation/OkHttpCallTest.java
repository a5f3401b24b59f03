// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.retry.RetryAfterOptions;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One call through the interceptor against a MockWebServer, with {@code execute} and with {@code enqueue}: the
 * retry decision, the gate around every attempt, one credential per attempt, the final response's mark, and the
 * discarded responses closed (OkHttp refuses a second {@code proceed} while a response body is open).
 */
class OkHttpCallTest {
    final CallHarness harness;

    OkHttpCallTest() throws IOException {
        harness = new CallHarness();
    }

    @AfterEach
    void close() throws IOException {
        harness.close();
    }

    static MockResponse status(int code, String... headers) {
        MockResponse response = new MockResponse().setResponseCode(code).setBody("{}");
        for (int i = 0; i < headers.length; i += 2) {
            response.addHeader(headers[i], headers[i + 1]);
        }
        return response;
    }

    private Response send(RetryAfterOptions retry, boolean async) throws IOException {
        harness.client(retry);
        return harness.send(harness.embeddings(), async);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aThrottledAttemptIsRetriedAfterTheServersDelayAndTheAnswerIsMarked(boolean async) throws Exception {
        harness.server.enqueue(status(429, "retry-after-ms", "800"));
        harness.server.enqueue(status(200));

        try (Response response = send(new RetryAfterOptions(), async)) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("x-should-retry")).isEqualTo("false");
            assertThat(response.body().string()).isEqualTo("{}");
        }
        assertThat(harness.server.getRequestCount()).isEqualTo(2);
        assertThat(harness.time.waits()).containsExactly(Duration.ofMillis(800));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"retry-after-ms=1500", "x-ms-retry-after-ms=1500", "Retry-After=2", "Retry-After=date"})
    void everyFormOfTheServersDelayIsRead(String header) throws Exception {
        String[] pair = header.split("=");
        String value = pair[1].equals("date") ? DateTimeFormatter.RFC_1123_DATE_TIME.format(
            harness.time.instant().plusSeconds(3).atOffset(ZoneOffset.UTC)) : pair[1];
        harness.server.enqueue(status(429, pair[0], value));
        harness.server.enqueue(status(200));

        send(new RetryAfterOptions(), false).close();

        Duration expected = switch (header) {
            case "Retry-After=2" -> Duration.ofSeconds(2);
            case "Retry-After=date" -> Duration.ofSeconds(3);
            default -> Duration.ofMillis(1500);
        };
        assertThat(harness.time.waits()).containsExactly(expected);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aDelayAboveTheCapEndsTheCallWithTheThrottledAnswer(boolean async) throws Exception {
        harness.server.enqueue(status(429, "Retry-After", "120"));

        try (Response response = send(new RetryAfterOptions().setMaxRetryAfter(Duration.ofSeconds(60)), async)) {
            assertThat(response.code()).isEqualTo(429);
            assertThat(response.header("x-should-retry")).isEqualTo("false");
        }
        assertThat(harness.server.getRequestCount()).isEqualTo(1);
        assertThat(harness.time.waits()).isEmpty();
    }

    @Test
    void theServersNoIsObeyedAndItsYesToo() throws Exception {
        harness.server.enqueue(status(500, "x-should-retry", "false"));
        try (Response response = send(new RetryAfterOptions(), false)) {
            assertThat(response.code()).isEqualTo(500);
        }
        assertThat(harness.server.getRequestCount()).isEqualTo(1);

        harness.server.enqueue(status(409, "x-should-retry", "true"));
        harness.server.enqueue(status(200));
        try (Response response = harness.send(harness.embeddings(), false)) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(harness.server.getRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void insufficientQuotaIsNotRetriedAndItsBodyIsStillThere(boolean async) throws Exception {
        String body = "{\"error\":{\"code\":\"insufficient_quota\",\"message\":\"You exceeded your quota\"}}";
        harness.server.enqueue(new MockResponse().setResponseCode(429).setBody(body)
            .addHeader("Content-Type", "application/json"));

        try (Response response = send(new RetryAfterOptions(), async)) {
            assertThat(response.code()).isEqualTo(429);
            assertThat(response.header("x-should-retry")).isEqualTo("false");
            assertThat(response.body().contentType()).hasToString("application/json");
            assertThat(response.body().string()).isEqualTo(body);
        }
        assertThat(harness.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aThrottledAnswerWithAnotherCodeIsRetried() throws Exception {
        harness.server.enqueue(new MockResponse().setResponseCode(429)
            .setBody("{\"error\":{\"code\":\"rate_limit_exceeded\"}}"));
        harness.server.enqueue(status(200));

        send(new RetryAfterOptions(), false).close();

        assertThat(harness.server.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void retriesEndWhenTheyAreUsedUp(boolean async) throws Exception {
        for (int i = 0; i < 3; i++) {
            harness.server.enqueue(status(503, "retry-after-ms", "10"));
        }
        try (Response response = send(new RetryAfterOptions().setMaxRetries(2), async)) {
            assertThat(response.code()).isEqualTo(503);
        }
        assertThat(harness.server.getRequestCount()).isEqualTo(3);
        assertThat(harness.time.waits()).hasSize(2);
    }

    @Test
    void aWaitPastTheCallsBudgetEndsTheCall() throws Exception {
        harness.server.enqueue(status(429, "retry-after-ms", "5000"));

        try (Response response = send(new RetryAfterOptions().setTimeout(Duration.ofSeconds(3)), false)) {
            assertThat(response.code()).isEqualTo(429);
        }
        assertThat(harness.server.getRequestCount()).isEqualTo(1);
        assertThat(harness.time.waits()).isEmpty();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void anIoErrorIsRetriedAndTheLastOneEndsTheCall(boolean async) throws Exception {
        for (int i = 0; i < 3; i++) {
            harness.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        }

        assertThatThrownBy(() -> send(new RetryAfterOptions().setMaxRetries(2), async))
            .isInstanceOf(IOException.class);

        assertThat(harness.server.getRequestCount()).isEqualTo(3);
        assertThat(harness.time.waits()).hasSize(2);
    }

    @Test
    void anErrorNoRetryCanFixIsNotRetried() {
        AtomicInteger lookups = new AtomicInteger();
        harness.client(new RetryAfterOptions());
        okhttp3.OkHttpClient failingDns = new okhttp3.OkHttpClient.Builder().retryOnConnectionFailure(false)
            .addInterceptor(chain -> OkHttpCall.run(new CallSettings(
                io.github.openaipolicies.retry.implementation.RetryDecider.of(new RetryAfterOptions(), () -> 0.5),
                null, AttemptObserver.NONE, io.github.openaipolicies.metrics.implementation.PipelineInstruments.of(
                    CallHarness.none()), harness.time, harness.time, harness.time), chain))
            .dns(host -> {
                lookups.incrementAndGet();
                throw new UnknownHostException(host);
            }).build();

        assertThatThrownBy(() -> failingDns.newCall(harness.embeddings()).execute())
            .isInstanceOf(UnknownHostException.class);

        assertThat(lookups).hasValue(1);
        assertThat(harness.time.waits()).isEmpty();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void everyAttemptAsksTheGateAndEveryAdmissionIsReportedOnce(boolean async) throws Exception {
        harness.server.enqueue(status(429, "retry-after-ms", "10"));
        harness.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        harness.server.enqueue(status(200));

        send(new RetryAfterOptions(), async).close();

        assertThat(harness.gate.given()).hasSize(3)
            .allSatisfy(admission -> assertThat(harness.gate.reportsOf(admission)).isEqualTo(1));
        List<ThrottleFeedback> feedback = harness.gate.feedback();
        assertThat(feedback.get(0).status()).isEqualTo(429);
        assertThat(feedback.get(1).error()).isInstanceOf(IOException.class);
        assertThat(feedback.get(2).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aCallCancelledWhileWaitingInTheGateLeavesItsQueueAndSendsNothing(boolean async) throws Exception {
        harness.gate.hold();
        harness.time.onWait(() -> harness.lastCall.cancel());

        assertThatThrownBy(() -> send(new RetryAfterOptions(), async)).isInstanceOf(IOException.class)
            .hasMessageContaining("Canceled");

        assertThat(harness.gate.waiting()).singleElement().satisfies(future -> assertThat(future).isCancelled());
        assertThat(harness.gate.given()).isEmpty();
        assertThat(harness.server.getRequestCount()).isZero();
    }

    @Test
    void anAdmissionDecidedAsTheCallIsCancelledIsReportedAbandoned() throws Exception {
        harness.gate.hold();
        harness.time.onWait(() -> {
            harness.gate.release();
            harness.lastCall.cancel();
        });

        assertThatThrownBy(() -> send(new RetryAfterOptions(), false)).isInstanceOf(IOException.class);

        assertThat(harness.gate.given()).singleElement()
            .satisfies(admission -> assertThat(harness.gate.reportsOf(admission)).isEqualTo(1));
        assertThat(harness.gate.feedback()).singleElement().isEqualTo(ThrottleFeedback.abandoned());
        assertThat(harness.server.getRequestCount()).isZero();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aCallCancelledWhileWaitingToRetryEndsWithoutAnotherAttempt(boolean async) throws Exception {
        harness.server.enqueue(status(429, "retry-after-ms", "30000"));
        harness.server.enqueue(status(200));
        harness.time.onWait(() -> harness.lastCall.cancel());

        assertThatThrownBy(() -> send(new RetryAfterOptions(), async)).isInstanceOf(IOException.class)
            .hasMessageContaining("Canceled");

        assertThat(harness.server.getRequestCount()).isEqualTo(1);
        assertThat(harness.gate.given()).singleElement()
            .satisfies(admission -> assertThat(harness.gate.reportsOf(admission)).isEqualTo(1));
    }

    @Test
    void anAttemptCutOffByCancellationIsReportedAbandonedAndNotRetried() throws Exception {
        harness.server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                harness.lastCall.cancel();
                return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
            }
        });

        assertThatThrownBy(() -> send(new RetryAfterOptions(), false)).isInstanceOf(IOException.class);

        assertThat(harness.server.getRequestCount()).isEqualTo(1);
        assertThat(harness.gate.feedback()).containsExactly(ThrottleFeedback.abandoned());
        assertThat(harness.time.waits()).isEmpty();
    }

    @Test
    void theSameCredentialTwiceIsSentOnce() throws Exception {
        harness.server.enqueue(status(200));
        harness.client(new RetryAfterOptions());

        harness.send(harness.embeddings().newBuilder().addHeader("api-key", "key").build(), false).close();

        assertThat(harness.server.takeRequest().getHeaders().values("api-key")).containsExactly("key");
    }

    @Test
    void twoDifferentCredentialsEndTheCallBeforeAnythingIsSent() {
        harness.client(new RetryAfterOptions());
        Request request = harness.embeddings().newBuilder().addHeader("api-key", "other").build();

        assertThatThrownBy(() -> harness.send(request, false)).isInstanceOf(DuplicateCredentialException.class);

        assertThat(harness.server.getRequestCount()).isZero();
        assertThat(harness.gate.given()).isEmpty();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aOneShotBodyIsSentOnce(boolean async) throws Exception {
        harness.server.enqueue(status(429, "retry-after-ms", "10"));
        harness.server.enqueue(status(200));
        harness.client(new RetryAfterOptions());
        Request request = harness.embeddings().newBuilder().post(new OneShotBody()).build();

        try (Response response = harness.send(request, async)) {
            assertThat(response.code()).isEqualTo(429);
            assertThat(response.header("x-should-retry")).isEqualTo("false");
        }
        assertThat(harness.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void eachRetryCarriesItsOwnRetryCountWhenTheRequestHasOne() throws Exception {
        harness.server.enqueue(status(429, "retry-after-ms", "10"));
        harness.server.enqueue(status(200));
        harness.client(new RetryAfterOptions());

        harness.send(harness.embeddings().newBuilder().header(OkHttpCall.RETRY_COUNT, "0").build(), false).close();

        List<String> counts = new ArrayList<>();
        counts.add(harness.server.takeRequest().getHeader(OkHttpCall.RETRY_COUNT));
        counts.add(harness.server.takeRequest().getHeader(OkHttpCall.RETRY_COUNT));
        assertThat(counts).containsExactly("0", "1");
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void openAIJavasRetryOfACallTheInterceptorEndedFailsAtOnceWithoutSending(boolean async) {
        harness.client(new RetryAfterOptions());
        Request retried = harness.embeddings().newBuilder().header(OkHttpCall.RETRY_COUNT, "1").build();

        assertThatThrownBy(() -> harness.send(retried, async)).isInstanceOf(IOException.class)
            .hasMessageContaining("Not sent");

        assertThat(harness.server.getRequestCount()).isZero();
        assertThat(harness.gate.asked()).isEmpty();
    }

    @Test
    void asANetworkInterceptorItRefusesEveryCall() throws Exception {
        harness.server.enqueue(status(200));
        okhttp3.OkHttpClient network = new okhttp3.OkHttpClient.Builder()
            .addNetworkInterceptor(chain -> OkHttpCall.run(new CallSettings(
                io.github.openaipolicies.retry.implementation.RetryDecider.of(new RetryAfterOptions(), () -> 0.5),
                null, AttemptObserver.NONE, io.github.openaipolicies.metrics.implementation.PipelineInstruments.of(
                    CallHarness.none()), harness.time, harness.time, harness.time), chain)).build();

        assertThatThrownBy(() -> network.newCall(harness.embeddings()).execute())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("addInterceptor");
    }

    /** A body that can be written once only. */
    private static final class OneShotBody extends RequestBody {
        private final AtomicInteger writes = new AtomicInteger();

        @Override
        public MediaType contentType() {
            return CallHarness.JSON;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            if (writes.incrementAndGet() > 1) {
                throw new IllegalStateException("written twice");
            }
            sink.writeUtf8("{\"input\":\"hello\"}");
        }
    }
}
