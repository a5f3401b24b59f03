// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.gate.RecordingGate;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.openai.RetriesExhaustedException;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wrapper's sync path against a scripted transport, in virtual time: what it retries, how long it waits, what it
 * hands back to openai-java, what the gate hears.
 */
class PolicyHttpClientTest {
    static final String EMBEDDINGS = "https://contoso.openai.azure.com/openai/v1/embeddings";

    final ScriptedTransport transport = new ScriptedTransport();
    final RecordingGate gate = new RecordingGate();
    final TestTime time = new TestTime();

    PolicyHttpClient client(RetryAfterOptions retry) {
        return PolicyHttpClient.wrap(transport, new CallSettings(RetryDecider.of(retry, () -> 0.0), gate,
            AttemptObserver.NONE, time, time, time, time));
    }

    PolicyHttpClient client() {
        return client(new RetryAfterOptions());
    }

    static HttpRequest request(String... headerNamesAndValues) {
        HttpRequest.Builder builder = HttpRequest.builder().method(HttpMethod.POST)
            .baseUrl("https://contoso.openai.azure.com").addPathSegments("openai", "v1", "embeddings")
            .body(json("{\"model\":\"emb\",\"input\":\"hello\"}", true));
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            builder.putHeader(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        return builder.build();
    }

    static HttpRequestBody json(String text, boolean repeatable) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new HttpRequestBody() {
            @Override
            public void writeTo(OutputStream outputStream) {
                try {
                    outputStream.write(bytes);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public String contentType() {
                return "application/json";
            }

            @Override
            public long contentLength() {
                return bytes.length;
            }

            @Override
            public boolean repeatable() {
                return repeatable;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterMsAndTheAnswerIsMarkedNotToRetry() {
        transport.then(CannedResponse.of(429, "retry-after-ms", "1500")).then(CannedResponse.of(200));

        HttpResponse response = client().execute(request(), RequestOptions.none());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().values("x-should-retry")).containsExactly("false");
        assertThat(transport.requests()).hasSize(2);
        assertThat(time.waits()).containsExactly(Duration.ofMillis(1500));
    }

    @Test
    void azuresRetryAfterHeaderInMillisecondsIsRead() {
        transport.then(CannedResponse.of(429, "x-ms-retry-after-ms", "2500")).then(CannedResponse.of(200));

        client().execute(request(), RequestOptions.none());

        assertThat(time.waits()).containsExactly(Duration.ofMillis(2500));
    }

    @Test
    void aDelayAboveTheCapIsNotWaitedAndThe429GoesBackMarked() throws IOException {
        CannedResponse throttled = CannedResponse.of(429, "retry-after", "120");
        transport.then(throttled);

        HttpResponse response = client(new RetryAfterOptions().setMaxRetryAfter(Duration.ofSeconds(60)))
            .execute(request(), RequestOptions.none());

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().values("x-should-retry")).containsExactly("false");
        assertThat(response.headers().values("retry-after")).containsExactly("120");
        assertThat(transport.requests()).hasSize(1);
        assertThat(time.waits()).isEmpty();
        assertThat(response.body()).hasContent("{}");
    }

    @Test
    void anExhaustedQuotaIsNotRetriedAndItsBodyIsStillReadable() throws IOException {
        String body = "{\"error\":{\"code\":\"insufficient_quota\",\"message\":\"out of credit\"}}";
        transport.then(CannedResponse.withBody(429, body, "retry-after-ms", "1000"));

        HttpResponse response = client().execute(request(), RequestOptions.none());

        assertThat(transport.requests()).hasSize(1);
        assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(response.headers().values("x-should-retry")).containsExactly("false");
    }

    @Test
    void aBadRequestIsNotRetried() {
        transport.then(CannedResponse.of(400));

        assertThat(client().execute(request(), RequestOptions.none()).statusCode()).isEqualTo(400);
        assertThat(transport.requests()).hasSize(1);
    }

    @Test
    void theServersNoToARetryIsObeyed() {
        transport.then(CannedResponse.of(503, "x-should-retry", "false"));

        client().execute(request(), RequestOptions.none());

        assertThat(transport.requests()).hasSize(1);
    }

    @Test
    void ioErrorsAreRetriedThenEndInAnExceptionOpenAIJavaDoesNotRetry() {
        OpenAIIoException failure = new OpenAIIoException("Request failed", new IOException("connection reset"));
        transport.thenFail(failure);

        assertThatThrownBy(() -> client(new RetryAfterOptions().setMaxRetries(2)).execute(request(),
            RequestOptions.none()))
            .isInstanceOfSatisfying(RetriesExhaustedException.class,
                e -> assertThat(e.getAttempts()).isEqualTo(3))
            .hasCause(failure);
        assertThat(transport.requests()).hasSize(3);
        assertThat(time.waits()).hasSize(2);
    }

    @Test
    void anErrorNoRetryCanFixGoesOnAsItIs() {
        IllegalStateException bug = new IllegalStateException("bug in a transport");
        transport.thenFail(bug);

        assertThatThrownBy(() -> client().execute(request(), RequestOptions.none())).isSameAs(bug);
        assertThat(transport.requests()).hasSize(1);
    }

    @Test
    void openAIJavasRetryCountHeaderCountsTheRetries() {
        transport.then(CannedResponse.of(503, "retry-after-ms", "10")).then(CannedResponse.of(503,
            "retry-after-ms", "10")).then(CannedResponse.of(200));

        client().execute(request("X-Stainless-Retry-Count", "0"), RequestOptions.none());

        assertThat(transport.requests()).extracting(r -> r.headers().values("X-Stainless-Retry-Count"))
            .containsExactly(java.util.List.of("0"), java.util.List.of("1"), java.util.List.of("2"));
    }

    @Test
    void twoDifferentCredentialsStopTheCallBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client().execute(request("api-key", "one", "api-key", "two"),
            RequestOptions.none()))
            .isInstanceOfSatisfying(DuplicateCredentialException.class,
                e -> assertThat(e.getHeaderName()).isEqualToIgnoringCase("api-key"))
            .hasMessageNotContaining("one").hasMessageNotContaining("two");
        assertThat(transport.requests()).isEmpty();
        assertThat(gate.given()).isEmpty();
    }

    @Test
    void aRepeatedCredentialIsSentOnce() {
        transport.then(CannedResponse.of(200));

        client().execute(request("Authorization", "Bearer t", "Authorization", "Bearer t"), RequestOptions.none());

        assertThat(transport.requests()).singleElement()
            .satisfies(sent -> assertThat(sent.headers().values("Authorization")).containsExactly("Bearer t"));
    }

    @Test
    void aBodyThatCannotBeSentTwiceIsSentOnce() {
        transport.then(CannedResponse.of(429, "retry-after-ms", "10"));
        HttpRequest streamed = request().toBuilder().body(json("{\"input\":\"x\"}", false)).build();

        assertThat(client().execute(streamed, RequestOptions.none()).statusCode()).isEqualTo(429);
        assertThat(transport.requests()).hasSize(1);
    }

    @Test
    void theBodyIsTheTransportsStreamUntouched() {
        CannedResponse streamed = CannedResponse.withBody(200, "data: {}\n\n", "content-type", "text/event-stream");
        transport.then(streamed);

        HttpResponse response = client().execute(request(), RequestOptions.none());

        assertThat(response.body()).isSameAs(streamed.stream());
        response.close();
        assertThat(streamed.isClosed()).isTrue();
    }

    @Test
    void everyAttemptAsksTheGateAndEveryAdmissionIsReportedOnceWithWhatCameBack() {
        transport.then(CannedResponse.of(429, "retry-after-ms", "700", "x-ratelimit-remaining-requests", "0"))
            .thenFail(new OpenAIIoException("Request failed", new IOException("reset")))
            .then(CannedResponse.of(200));

        client().execute(request(), RequestOptions.none());

        assertThat(gate.given()).hasSize(3);
        for (ThrottleAdmission admission : gate.given()) {
            assertThat(gate.reportsOf(admission)).isEqualTo(1);
        }
        assertThat(gate.feedback()).extracting(ThrottleFeedback::status).containsExactly(429, 0, 200);
        assertThat(gate.feedback().get(0).retryAfter()).isEqualTo(Duration.ofMillis(700));
        assertThat(gate.feedback().get(0).remainingRequests()).isZero();
        assertThat(gate.feedback().get(1).error()).isInstanceOf(OpenAIIoException.class);
        assertThat(gate.asked()).allSatisfy(asked -> {
            assertThat(asked.quotaKey()).isEqualTo(EMBEDDINGS);
            assertThat(asked.cost()).isPositive();
        });
    }

    @Test
    void theAsyncPathRetriesWithoutBlockingAndHandsBackTheMarkedAnswer() {
        transport.then(CannedResponse.of(429, "retry-after-ms", "1500")).then(CannedResponse.of(200));

        HttpResponse response = client().executeAsync(request(), RequestOptions.none()).join();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().values("x-should-retry")).containsExactly("false");
        assertThat(time.waits()).containsExactly(Duration.ofMillis(1500));
        assertThat(gate.given()).allSatisfy(admission -> assertThat(gate.reportsOf(admission)).isEqualTo(1));
    }

    @Test
    void theAsyncPathEndsIoErrorsInAnExceptionOpenAIJavaDoesNotRetry() {
        transport.thenFail(new OpenAIIoException("Request failed", new IOException("reset")));

        CompletableFuture<HttpResponse> call = client(new RetryAfterOptions().setMaxRetries(1))
            .executeAsync(request(), RequestOptions.none());

        assertThatThrownBy(call::join).hasCauseInstanceOf(RetriesExhaustedException.class);
        assertThat(transport.requests()).hasSize(2);
    }

    @Test
    void anAsyncCallWaitingInTheGateReturnsAtOnceAndCancellingItLeavesTheQueue() {
        gate.hold();

        CompletableFuture<HttpResponse> call = client().executeAsync(request(), RequestOptions.none());

        assertThat(call).isNotDone();
        assertThat(gate.waiting()).hasSize(1);
        call.cancel(false);
        assertThat(gate.waiting().get(0)).isCancelled();
        assertThat(transport.requests()).isEmpty();
    }

    @Test
    void anAdmissionDecidedAsTheCallIsCancelledIsReportedAbandonedAndNothingIsSent() {
        gate.holdDecided();
        CompletableFuture<HttpResponse> call = client().executeAsync(request(), RequestOptions.none());

        call.cancel(false);
        ThrottleAdmission admission = gate.release();

        assertThat(transport.requests()).isEmpty();
        assertThat(gate.reportsOf(admission)).isEqualTo(1);
        assertThat(gate.feedback()).singleElement().isEqualTo(ThrottleFeedback.abandoned());
    }

    @Test
    void cancellingAnAsyncCallInFlightCancelsTheTransportsFutureAndReportsTheAdmissionAbandoned() {
        transport.thenPending();

        CompletableFuture<HttpResponse> call = client().executeAsync(request(), RequestOptions.none());
        call.cancel(false);

        assertThat(transport.pending()).singleElement().satisfies(f -> assertThat(f).isCancelled());
        assertThat(gate.given()).singleElement()
            .satisfies(admission -> assertThat(gate.reportsOf(admission)).isEqualTo(1));
        assertThat(gate.feedback()).singleElement().isEqualTo(ThrottleFeedback.abandoned());
        assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void aResponseThatArrivesAsTheCallIsCancelledIsClosed() {
        transport.thenPending();
        CompletableFuture<HttpResponse> call = client().executeAsync(request(), RequestOptions.none());
        CompletableFuture<HttpResponse> inFlight = transport.pending().get(0);
        CannedResponse late = CannedResponse.of(200);
        // the cancel comes while the response is being handled: after the transport delivered it
        gate.onReport(() -> call.cancel(false));

        inFlight.complete(late);

        assertThat(late.isClosed()).isTrue();
        assertThat(call).isCancelled();
        assertThat(gate.feedback()).extracting(ThrottleFeedback::status).containsExactly(200);
    }

    @Test
    void closingTheWrapperClosesTheTransport() {
        client().close();

        assertThat(transport.isClosed()).isTrue();
    }
}
