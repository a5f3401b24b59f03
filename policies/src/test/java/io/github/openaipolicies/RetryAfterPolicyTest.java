// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import io.github.openaipolicies.ScriptedHttpClient.RecordedRequest;
import io.github.openaipolicies.ScriptedHttpClient.ScriptedResponse;
import io.github.openaipolicies.VirtualTimeHarness.Path;
import io.github.openaipolicies.implementation.AttemptContext;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.github.openaipolicies.ScriptedHttpClient.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class RetryAfterPolicyTest {
    private static final String URL = "https://example.openai.azure.com/openai/deployments/d/embeddings";
    private static final String BODY = "{\"input\":[\"hello\"]}";
    private static final String QUOTA_BODY = "{\"error\":{\"message\":\"You exceeded your current quota.\","
        + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";

    private final VirtualTimeHarness harness = new VirtualTimeHarness();

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void isAPerCallPolicyWithDefaults() {
        assertThat(new RetryAfterPolicy().getPipelinePosition()).isEqualTo(HttpPipelinePosition.PER_CALL);
        assertThat(new RetryAfterPolicy(new RetryAfterOptions()).getPipelinePosition())
            .isEqualTo(HttpPipelinePosition.PER_CALL);
    }

    @Test
    void rejectsInconsistentOrMissingOptions() {
        RetryAfterOptions inconsistent = new RetryAfterOptions().setBaseDelay(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new RetryAfterPolicy(inconsistent))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseDelay")
            .hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new RetryAfterPolicy(null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void optionsAreCopiedWhenThePolicyIsBuilt(Path path) {
        RetryAfterOptions options = new RetryAfterOptions().setMaxRetries(1);
        RetryAfterPolicy policy = harness.policy(options);
        options.setMaxRetries(5);
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).times(6);

        HttpResponse response = harness.send(path, harness.pipeline(policy, client), request());

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(client.attemptCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void honoursRetryAfterSecondsThenReturnsTheSuccess(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("Retry-After", "21"), "{\"error\":{\"code\":\"429\"}}")
            .respond(200, new HttpHeaders(), "{\"data\":[]}");

        HttpResponse response = send(path, client, new RetryAfterOptions());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBodyAsBinaryData().toString()).isEqualTo("{\"data\":[]}");
        assertThat(harness.delaysBetweenAttempts()).containsExactly(21_000L);
        assertThat(client.attempts()).extracting(RecordedRequest::sync).containsOnly(path == Path.SYNC);
    }

    static Stream<Arguments> delayHeaders() {
        return onBothPaths(Stream.of(
            arguments(headers("Retry-After", "1.5"), 1_500L),
            arguments(headers("Retry-After", "Thu, 01 Jan 2026 12:00:07 GMT"), 7_000L),
            arguments(headers("retry-after-ms", "250", "x-ms-retry-after-ms", "3000", "Retry-After", "5"), 250L),
            arguments(headers("x-ms-retry-after-ms", "3000", "Retry-After", "5"), 3_000L),
            arguments(headers("retry-after-ms", "garbage", "Retry-After", "2"), 2_000L)));
    }

    @ParameterizedTest
    @MethodSource("delayHeaders")
    void waitsWhatTheHeadersAskForInPrecedenceOrder(Path path, HttpHeaders headers, long expectedMillis) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503, headers).respond(200);

        assertThat(send(path, client, new RetryAfterOptions()).getStatusCode()).isEqualTo(200);
        assertThat(harness.delaysBetweenAttempts()).containsExactly(expectedMillis);
    }

    static Stream<Arguments> zeroDelayHeaders() {
        return onBothPaths(Stream.of(headers("Retry-After", "0"), headers("retry-after-ms", "0"),
            headers("Retry-After", "Thu, 01 Jan 2026 11:00:00 GMT")).map(Arguments::of));
    }

    @ParameterizedTest
    @MethodSource("zeroDelayHeaders")
    void aServerAskingForNoDelayGetsTheBackoffBeforeEveryRetry(Path path, HttpHeaders zeroDelay) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, zeroDelay, "{\"error\":{\"code\":\"429\"}}").times(3)
            .respond(200);

        HttpResponse response = send(path, client, new RetryAfterOptions());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(client.attemptCount()).isEqualTo(4);
        List<Long> gaps = harness.delaysBetweenAttempts();
        assertThat(gaps).hasSize(3);
        for (int retry = 1; retry <= gaps.size(); retry++) {
            long backoffFloor = (long) (RetryAfterOptions.DEFAULT_BASE_DELAY.toMillis() * (1L << (retry - 1))
                * Backoff.MIN_JITTER_FACTOR);
            assertThat(gaps.get(retry - 1)).as("gap before retry %d", retry).isGreaterThanOrEqualTo(backoffFloor);
        }
    }

    @ParameterizedTest
    @MethodSource("unusableValuesOnBothPaths")
    void unusableDelayValuesFallBackToBackoffWithoutThrowing(Path path, String value) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("Retry-After", value, "retry-after-ms", value, "x-ms-retry-after-ms", value))
            .respond(200);

        HttpResponse response = send(path, client, new RetryAfterOptions());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(harness.delaysBetweenAttempts()).containsExactly(400L);
    }

    static Stream<Arguments> unusableValuesOnBothPaths() {
        return onBothPaths(Stream.of("garbage", "-5", "99999999999999999999999999999", "9223372036854775807", "1e3",
            "", "Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 45 Jan 2026 12:00:07 GMT").map(Arguments::of));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void backsOffExponentiallyWithoutAServerDelay(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).times(5).respond(200);

        send(path, client, new RetryAfterOptions());

        assertThat(harness.delaysBetweenAttempts()).containsExactly(400L, 800L, 1_600L, 3_200L, 6_400L);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aServerDelayAboveMaxRetryAfterReturnsTheResponseAtOnce(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("Retry-After", "90", "retry-after-ms", "90000"), "{\"error\":{\"code\":\"429\"}}")
            .respond(200);

        HttpResponse response = send(path, client, new RetryAfterOptions());

        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(response.getBodyAsBinaryData().toString()).isEqualTo("{\"error\":{\"code\":\"429\"}}");
        assertThat(client.attemptCount()).isEqualTo(1);
        assertThat(harness.completedAtMillis).isZero();
        assertThat(harness.syncSleeps).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aServerDelayEndingAfterTheOverallTimeoutReturnsTheLastResponse(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503, headers("Retry-After", "4")).times(4)
            .respond(200);

        HttpResponse response = send(path, client, new RetryAfterOptions().setTimeout(Duration.ofSeconds(10)));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(client.attemptCount()).isEqualTo(3);
        assertThat(harness.delaysBetweenAttempts()).containsExactly(4_000L, 4_000L);
        assertThat(client.responses().get(2).isClosed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aBackoffEndingAfterTheOverallTimeoutStopsToo(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().fail(new IOException("reset")).times(5).respond(200);

        assertThatThrownBy(() -> send(path, client, new RetryAfterOptions().setTimeout(Duration.ofSeconds(2))))
            .hasRootCauseInstanceOf(IOException.class);
        assertThat(client.attemptCount()).isEqualTo(3);
        assertThat(harness.delaysBetweenAttempts()).containsExactly(400L, 800L);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void insufficientQuotaIsNotRetriedAndItsBodyStaysReadable(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("Retry-After", "1", "Content-Type", "application/json"), QUOTA_BODY)
            .respond(200);

        HttpResponse response = send(path, client, new RetryAfterOptions());

        assertThat(client.attemptCount()).isEqualTo(1);
        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getBodyAsString().block()).isEqualTo(QUOTA_BODY);
        assertThat(response.getBodyAsBinaryData().toString()).isEqualTo(QUOTA_BODY);
        assertThat(client.responses().get(0).isClosed()).as("the read-out original is released").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aThrottling429IsRetriedAfterItsBodyWasRead(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("Retry-After", "1"), "{\"error\":{\"code\":\"429\"}}")
            .respond(200);

        assertThat(send(path, client, new RetryAfterOptions()).getStatusCode()).isEqualTo(200);
        assertThat(client.attemptCount()).isEqualTo(2);
        assertThat(client.responses().get(0).isClosed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void xShouldRetryTrueRetriesA400(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(400, headers("x-should-retry", "true"))
            .respond(200);

        assertThat(send(path, client, new RetryAfterOptions()).getStatusCode()).isEqualTo(200);
        assertThat(client.attemptCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void xShouldRetryFalseStopsA503(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(503, headers("x-should-retry", "false", "Retry-After", "1")).respond(200);

        assertThat(send(path, client, new RetryAfterOptions()).getStatusCode()).isEqualTo(503);
        assertThat(client.attemptCount()).isEqualTo(1);
        assertThat(client.responses().get(0).isClosed()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("notRetriedStatusesOnBothPaths")
    void doesNotRetryOtherStatuses(Path path, int status) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(status, headers("Retry-After", "1"), "{}")
            .respond(200);

        HttpResponse response = send(path, client, new RetryAfterOptions());

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getBodyAsBinaryData().toString()).isEqualTo("{}");
        assertThat(client.attemptCount()).isEqualTo(1);
        assertThat(client.responses().get(0).isClosed()).isFalse();
        assertThat(client.responses().get(0).isBodyRead()).as("the policy left the body alone").isTrue();
    }

    static Stream<Arguments> notRetriedStatusesOnBothPaths() {
        return onBothPaths(Stream.of(200, 400, 401, 403, 404, 501).map(Arguments::of));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void exhaustedRetriesReturnTheLastResponseAndCloseTheOthers(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).times(4).respond(200);

        HttpResponse response = send(path, client, new RetryAfterOptions().setMaxRetries(3));

        assertThat(client.attemptCount()).isEqualTo(4);
        assertThat(response).isSameAs(client.responses().get(3));
        assertThat(client.responses()).extracting(ScriptedResponse::isClosed)
            .containsExactly(true, true, true, false);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void exhaustedRetriesPropagateTheLastError(Path path) {
        IOException last = new IOException("fourth");
        ScriptedHttpClient client = new ScriptedHttpClient().fail(new IOException("first")).times(3).fail(last)
            .respond(200);

        assertThatThrownBy(() -> send(path, client, new RetryAfterOptions().setMaxRetries(3)))
            .satisfies(error -> assertThat(error == last || error.getCause() == last).isTrue());
        assertThat(client.attemptCount()).isEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("retriedErrorsOnBothPaths")
    void retriesIoErrorsAndTimeoutsThenReturnsTheSuccess(Path path, Throwable error) {
        ScriptedHttpClient client = new ScriptedHttpClient().fail(error).respond(200);

        assertThat(send(path, client, new RetryAfterOptions()).getStatusCode()).isEqualTo(200);
        assertThat(client.attemptCount()).isEqualTo(2);
        assertThat(harness.delaysBetweenAttempts()).containsExactly(400L);
    }

    static Stream<Arguments> retriedErrorsOnBothPaths() {
        return onBothPaths(Stream.of(new IOException("reset"), new UncheckedIOException(new IOException("reset")),
            new TimeoutException("read timeout"), new PrematureCloseException()).map(Arguments::of));
    }

    static Stream<Arguments> unfixableErrorsOnBothPaths() {
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("unable to find valid certification path"));
        return onBothPaths(Stream.of(untrusted, new UnknownHostException("my-resource.openai.azure.invalid"),
            new MalformedURLException("no protocol")).map(Arguments::of));
    }

    @ParameterizedTest
    @MethodSource("unfixableErrorsOnBothPaths")
    void errorsNoRetryCanFixSurfaceAfterOneAttempt(Path path, IOException error) {
        ScriptedHttpClient client = new ScriptedHttpClient().fail(error).respond(200);

        assertThatThrownBy(() -> send(path, client, new RetryAfterOptions())).satisfies(
            thrown -> assertThat(thrown == error || thrown.getCause() == error).as("the error itself: %s", thrown)
                .isTrue());
        assertThat(client.attemptCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aRefusedConnectionIsRetried(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().fail(new ConnectException("Connection refused"))
            .respond(200);

        assertThat(send(path, client, new RetryAfterOptions()).getStatusCode()).isEqualTo(200);
        assertThat(client.attemptCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void doesNotRetryOtherErrors(Path path) {
        IllegalStateException bug = new IllegalStateException("bug");
        ScriptedHttpClient client = new ScriptedHttpClient().fail(bug).respond(200);

        assertThatThrownBy(() -> send(path, client, new RetryAfterOptions())).isSameAs(bug);
        assertThat(client.attemptCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void everyDiscardedResponseIsClosed(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(503)
            .respond(429, headers("Retry-After", "0"), "{\"error\":{\"code\":\"429\"}}")
            .respond(502, headers("retry-after-ms", "10"))
            .fail(new IOException("reset"))
            .respond(200);

        HttpResponse response = send(path, client, new RetryAfterOptions());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(client.responses()).extracting(ScriptedResponse::isClosed).containsExactly(true, true, true, false);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void everyAttemptStartsFromAFreshCopyOfTheOriginalRequest(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).times(3).respond(200);
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions()), client,
            new AddingHeaderPolicy());

        harness.send(path, pipeline, request());

        assertThat(client.attempts()).hasSize(4).allSatisfy(attempt -> {
            assertThat(attempt.headerValues("Authorization")).containsExactly("Bearer token");
            assertThat(attempt.headerValues("x-original")).containsExactly("kept");
            assertThat(attempt.url()).isEqualTo(URL);
            assertThat(attempt.method()).isEqualTo(HttpMethod.POST);
        });
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aOneShotStreamingBodyIsSentByteIdenticalOnEveryAttempt(Path path) {
        byte[] first = "{\"input\":[\"part one, ".getBytes(StandardCharsets.UTF_8);
        byte[] second = "part two\"]}".getBytes(StandardCharsets.UTF_8);
        AtomicBoolean consumed = new AtomicBoolean();
        Flux<ByteBuffer> oneShot = Flux.defer(() -> consumed.compareAndSet(false, true)
            ? Flux.just(ByteBuffer.wrap(first), ByteBuffer.wrap(second))
            : Flux.error(new IllegalStateException("body stream already consumed")));
        HttpRequest request = new HttpRequest(HttpMethod.POST, URL).setBody(oneShot);
        request.setHeader(HttpHeaderName.CONTENT_LENGTH, Integer.toString(first.length + second.length));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).fail(new IOException("reset"))
            .respond(200);

        HttpResponse response = harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()), client),
            request);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(client.attempts()).hasSize(3).extracting(RecordedRequest::bodyAsString)
            .containsOnly("{\"input\":[\"part one, part two\"]}");
    }

    /**
     * Sync only: the JDK and OkHttp sync transports stream the body, so without the one-time copy the second attempt
     * would send nothing. (On the async path azure-core copies a stream on a bounded-elastic thread, outside virtual
     * time; the one-shot Flux test above covers that path.)
     */
    @Test
    void aOneShotInputStreamBodyIsSentByteIdenticalOnEveryAttemptOfTheSyncPath() {
        Path path = Path.SYNC;
        byte[] json = "{\"input\":[\"streamed once\"]}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = new HttpRequest(HttpMethod.POST, URL)
            .setBody(BinaryData.fromStream(new OneShotInputStream(json), (long) json.length));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).fail(new IOException("reset"))
            .respond(200);

        HttpResponse response = harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()), client),
            request);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(client.attempts()).hasSize(3).extracting(RecordedRequest::bodyAsString)
            .containsOnly("{\"input\":[\"streamed once\"]}");
    }

    /** A stream that can be read once, with no mark/reset: replaying it needs a copy. */
    private static final class OneShotInputStream extends java.io.ByteArrayInputStream {
        OneShotInputStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void theRetryCountSeenDownstreamIsTheRealAttemptNumber(Path path) {
        PipelineTestPolicies.RetryCountProbe probe = new PipelineTestPolicies.RetryCountProbe();
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).fail(new IOException("reset"))
            .respond(200);

        harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()), client, probe), request());

        assertThat(probe.seen()).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void theCallsDeadlineIsInTheContextForPerRetryPolicies(Path path) {
        List<Object> deadlines = new ArrayList<>();
        HttpPipelinePolicy probe = new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                deadlines.add(AttemptContext.deadline(context).orElse(null));
                return next.process();
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                deadlines.add(AttemptContext.deadline(context).orElse(null));
                return next.processSync();
            }
        };
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).respond(200);

        harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions().setTimeout(Duration.ofSeconds(42))),
            client, probe), request());

        Instant deadline = VirtualTimeHarness.EPOCH.plusSeconds(42);
        assertThat(deadlines).containsExactly(deadline, deadline);
    }

    /** Prefixes every argument set with each {@link Path}. */
    private static Stream<Arguments> onBothPaths(Stream<Arguments> arguments) {
        return arguments.flatMap(args -> Stream.of(Path.values()).map(path -> {
            List<Object> values = new ArrayList<>();
            values.add(path);
            values.addAll(List.of(args.get()));
            return Arguments.of(values.toArray());
        }));
    }

    private HttpResponse send(Path path, ScriptedHttpClient client, RetryAfterOptions options) {
        return harness.send(path, harness.pipeline(harness.policy(options), client), request());
    }

    private static HttpRequest request() {
        HttpRequest request = new HttpRequest(HttpMethod.POST, URL).setBody(BODY);
        request.setHeader(HttpHeaderName.fromString("x-original"), "kept");
        return request;
    }

    /** Adds its header on every try, like the auth policies behind the 401-after-429 bug. */
    private static final class AddingHeaderPolicy implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            context.getHttpRequest().getHeaders().add(HttpHeaderName.AUTHORIZATION, "Bearer token");
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            context.getHttpRequest().getHeaders().add(HttpHeaderName.AUTHORIZATION, "Bearer token");
            return next.processSync();
        }
    }


    /** Stands in for reactor-netty's PrematureCloseException, which is an IOException. */
    private static final class PrematureCloseException extends IOException {
        private static final long serialVersionUID = 1L;

        PrematureCloseException() {
            super("Connection prematurely closed BEFORE response");
        }
    }
}
