// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.Context;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.TelemetryAttributes;
import com.azure.core.util.metrics.DoubleHistogram;
import com.azure.core.util.metrics.LongCounter;
import com.azure.core.util.metrics.Meter;
import com.azure.core.util.metrics.MeterProvider;
import io.github.openaipolicies.ScriptedHttpClient.ScriptedResponse;
import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.gate.implementation.GateEnvironment;
import io.github.openaipolicies.gate.implementation.GateProbe;
import io.github.openaipolicies.gate.implementation.InMemoryThrottleGate;
import io.github.openaipolicies.implementation.metrics.PipelineMeters;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link ThrottleGatePolicy} reports every admission to its gate exactly once, however the attempt ends: a response,
 * an error signal, a synchronous throw from a policy after it or from recording the admission, a cancel, an empty
 * answer; and a gate whose {@code report} throws costs the caller nothing. In virtual time, on both paths.
 */
@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class ThrottleGatePolicyReportingTest {
    private static final String URL = "https://res.openai.azure.com/openai/deployments/emb/embeddings?api-version=1";
    private static final String KEY = "https://res.openai.azure.com:443/openai/deployments/emb";

    private final VirtualTimeHarness harness = new VirtualTimeHarness();

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    /** A gate that lets one attempt in flight at a time: one admission never reported wedges the key. */
    private InMemoryThrottleGate oneAtATime() {
        return new InMemoryThrottleGate(new ThrottleGateOptions().setInitialAdmission(1),
            new GateEnvironment(harness.clock, ReactorGateTimer.of(harness.scheduler),
                done -> harness.scheduler.advanceTimeBy(Duration.ofMillis(1))));
    }

    private static HttpRequest request() {
        return new HttpRequest(HttpMethod.POST, URL).setBody("{\"input\":\"hello\"}");
    }

    /** Sends and requires the call to be done without any virtual time passing. */
    private HttpResponse sendAtOnce(VirtualTimeHarness.Path path, HttpPipeline pipeline) {
        return harness.send(path, pipeline, request(), 0);
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aPolicyAfterTheGateThatThrowsOnceLeavesNothingInFlightAndLaterCallsGoAtOnce(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = oneAtATime();
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200).times(6);
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions()), client,
            new ThrottleGatePolicy(gate, harness.clock), new ThrowsOnce(new IllegalStateException("no key")));

        assertThatThrownBy(() -> sendAtOnce(path, pipeline)).isInstanceOf(IllegalStateException.class)
            .hasMessage("no key");
        assertThat(GateProbe.inFlight(gate, KEY)).as("the attempt that threw was reported").isZero();

        for (int call = 0; call < 6; call++) {
            try (HttpResponse response = sendAtOnce(path, pipeline)) {
                assertThat(response.getStatusCode()).as("call %d after the throw", call).isEqualTo(200);
            }
        }
        assertThat(GateProbe.inFlight(gate, KEY)).isZero();
        assertThat(GateProbe.waiting(gate, KEY)).isZero();
        assertThat(harness.scheduler.now(TimeUnit.MILLISECONDS)).as("nobody waited").isZero();
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aHardenedPipelineWhoseKeyPolicyThrowsOnceKeepsServingTheDeployment(VirtualTimeHarness.Path path) {
        // As a user has it: their pipeline, [stock RetryPolicy, their key policy], hardened with a gate.
        InMemoryThrottleGate gate = InMemoryThrottleGate.create(new ThrottleGateOptions().setInitialAdmission(1));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200).times(6);
        HttpPipeline theirs = new HttpPipelineBuilder().httpClient(client)
            .policies(new RetryPolicy(), new ThrowsOnce(new IllegalStateException("no key"))).build();
        HttpPipeline hardened = OpenAIPipelines.harden(theirs, new OpenAIPipelineOptions().setThrottleGate(gate));

        assertThatThrownBy(() -> sendNow(path, hardened)).hasMessage("no key");
        for (int call = 0; call < 6; call++) {
            try (HttpResponse response = sendNow(path, hardened)) {
                assertThat(response.getStatusCode()).as("call %d after the throw", call).isEqualTo(200);
            }
        }
        assertThat(GateProbe.inFlight(gate, KEY)).isZero();
    }

    /**
     * Sends on a pipeline in real time that must answer without waiting: the async path must be done as soon as it
     * is subscribed (nothing here waits, unless the gate holds the call).
     */
    private static HttpResponse sendNow(VirtualTimeHarness.Path path, HttpPipeline pipeline) {
        if (path == VirtualTimeHarness.Path.SYNC) {
            return pipeline.sendSync(request(), Context.NONE);
        }
        CompletableFuture<HttpResponse> future = pipeline.send(request()).toFuture();
        if (!future.isDone()) {
            future.cancel(true);
            throw new AssertionError("the call waits (in the gate)");
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void theRetryOfAnAttemptWhosePolicyThrewAnIoErrorIsAdmittedAtOnce(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = oneAtATime();
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions()), client,
            new ThrottleGatePolicy(gate, harness.clock),
            new ThrowsOnce(new UncheckedIOException(new IOException("token endpoint reset"))));

        // The retry waits out RetryAfterPolicy's backoff (under a second), not the gate.
        try (HttpResponse response = harness.send(path, pipeline, request(), 1_000)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
        assertThat(client.attemptCount()).isEqualTo(1);
        assertThat(GateProbe.inFlight(gate, KEY)).isZero();
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void anAdmissionWhoseRecordingThrowsIsReportedAndNothingIsSent(VirtualTimeHarness.Path path) {
        InMemoryThrottleGate gate = oneAtATime();
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        ThrottleGatePolicy throwingMetrics = new ThrottleGatePolicy(gate, harness.clock, harness.clock,
            PipelineMeters.of(new PipelineMetricsOptions().setProvider(new HistogramThatThrows())));
        HttpPipeline broken = harness.pipeline(harness.policy(new RetryAfterOptions()), client, throwingMetrics);

        assertThatThrownBy(() -> sendAtOnce(path, broken)).hasMessage("histogram down");

        assertThat(GateProbe.inFlight(gate, KEY)).as("the admission was reported").isZero();
        assertThat(client.attemptCount()).isZero();
        HttpPipeline fine = harness.pipeline(harness.policy(new RetryAfterOptions()), client,
            new ThrottleGatePolicy(gate, harness.clock));
        sendAtOnce(path, fine).close();
    }

    /** How an async attempt ends, as the policy after the gate makes it end. */
    enum Ending {
        RESPONSE, ERROR_SIGNAL, THROWN, EMPTY, CANCELLED
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void everyAsyncEndingIsReportedExactlyOnce(Ending ending) {
        CountingGate gate = new CountingGate(oneAtATime());
        HttpPipelinePolicy endsSo = new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                return switch (ending) {
                    case RESPONSE -> next.process();
                    case ERROR_SIGNAL -> Mono.error(new IllegalStateException("refused"));
                    case THROWN -> throw new IllegalStateException("refused");
                    case EMPTY -> Mono.empty();
                    case CANCELLED -> Mono.never();
                };
            }
        };
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(new ScriptedHttpClient().respond(200))
            .policies(new ThrottleGatePolicy(gate, harness.clock), endsSo).build();

        StepVerifier.FirstStep<HttpResponse> call = StepVerifier.create(pipeline.send(request()));
        switch (ending) {
            case RESPONSE -> call.assertNext(response -> assertThat(response.getStatusCode()).isEqualTo(200))
                .verifyComplete();
            case ERROR_SIGNAL, THROWN -> call.verifyErrorMessage("refused");
            case EMPTY -> call.verifyComplete();
            case CANCELLED -> call.expectSubscription()
                .then(() -> assertThat(GateProbe.inFlight(gate.delegate, KEY)).as("admitted and sent").isEqualTo(1))
                .thenCancel().verify();
        }

        assertThat(gate.reports).as("one report").hasSize(1);
        assertThat(gate.reports.get(0).status()).isEqualTo(ending == Ending.RESPONSE ? 200 : 0);
        assertThat(gate.reports.get(0).error() != null).as("reported as an error")
            .isEqualTo(ending == Ending.ERROR_SIGNAL || ending == Ending.THROWN);
        assertThat(GateProbe.inFlight(gate.delegate, KEY)).isZero();
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aGateWhoseReportThrowsStillDeliversTheResponseAndLogsAWarning(VirtualTimeHarness.Path path) {
        CountingGate gate = new CountingGate(oneAtATime());
        gate.reportFails = new IllegalStateException("gate store down, key=sk-secret-value");
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions()), client,
            new ThrottleGatePolicy(gate, harness.clock));

        try (LogCapture logs = new LogCapture().start()) {
            try (HttpResponse response = sendAtOnce(path, pipeline)) {
                assertThat(response.getStatusCode()).isEqualTo(200);
            }
            List<Map<String, Object>> lines = LoggedLines.of(logs, ThrottleGatePolicy.class);
            assertThat(lines).singleElement().satisfies(line -> {
                assertThat(line).containsEntry("quotaKey", KEY)
                    .containsEntry("exception", IllegalStateException.class.getName());
            });
            assertThat(logs.allText()).doesNotContain("sk-secret-value");
        }
        assertThat(gate.reports).hasSize(1);
        assertThat(client.responses()).singleElement().matches(ScriptedResponse::isClosed, "closed by the caller");
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aGateWhoseReportFailsFatallyEndsTheCallAndClosesTheResponse(VirtualTimeHarness.Path path) {
        CountingGate gate = new CountingGate(oneAtATime());
        gate.reportFails = new OutOfMemoryError("simulated");
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client)
            .policies(new ThrottleGatePolicy(gate, harness.clock)).build();

        AtomicReference<Object> outcome = new AtomicReference<>();
        if (path == VirtualTimeHarness.Path.SYNC) {
            assertThatThrownBy(() -> pipeline.sendSync(request(), Context.NONE)).isInstanceOf(OutOfMemoryError.class);
        } else {
            // Where Reactor takes an Error thrown by onNext depends on the operators in between: not the caller.
            catchThrowable(() -> pipeline.send(request()).subscribe(outcome::set, outcome::set));
            assertThat(outcome.get() instanceof HttpResponse).as("a response reached the caller").isFalse();
        }

        assertThat(client.responses()).singleElement().matches(ScriptedResponse::isClosed, "closed by the policy");
    }

    @ParameterizedTest
    @EnumSource(VirtualTimeHarness.Path.class)
    void aResponseWhoseHeadersCannotBeReadIsReportedAsAnErrorAndDelivered(VirtualTimeHarness.Path path) {
        CountingGate gate = new CountingGate(oneAtATime());
        HttpPipelinePolicy unreadable = new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                return next.process().map(UnreadableHeaders::new);
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                return new UnreadableHeaders(next.processSync());
            }
        };
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(new ScriptedHttpClient().respond(200))
            .policies(new ThrottleGatePolicy(gate, harness.clock), unreadable).build();

        try (HttpResponse response = sendAtOnce(path, pipeline)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        assertThat(gate.reports).singleElement().satisfies(feedback ->
            assertThat(feedback.error()).hasMessage("headers gone"));
        assertThat(GateProbe.inFlight(gate.delegate, KEY)).isZero();
    }

    @Test
    void aResponseArrivingAfterTheCancelIsClosedAndTheAttemptReportedOnce() {
        CountingGate gate = new CountingGate(oneAtATime());
        AtomicReference<CoreSubscriber<? super HttpResponse>> transport = new AtomicReference<>();
        AtomicInteger cancels = new AtomicInteger();
        HttpPipelinePolicy lateAnswer = new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                return new Mono<>() {
                    @Override
                    public void subscribe(CoreSubscriber<? super HttpResponse> actual) {
                        transport.set(actual);
                        actual.onSubscribe(new Subscription() {
                            @Override
                            public void request(long n) {
                            }

                            @Override
                            public void cancel() {
                                cancels.incrementAndGet();
                            }
                        });
                    }
                };
            }
        };
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(new ScriptedHttpClient())
            .policies(new ThrottleGatePolicy(gate, harness.clock), lateAnswer).build();
        List<Object> received = Collections.synchronizedList(new ArrayList<>());

        pipeline.send(request()).subscribe(received::add, received::add).dispose();
        ScriptedResponse late = ScriptedResponse.emptyOk(request());
        transport.get().onNext(late);
        transport.get().onComplete();

        assertThat(cancels).hasValue(1);
        assertThat(received).isEmpty();
        assertThat(late.isClosed()).as("nobody will read it").isTrue();
        assertThat(gate.reports).singleElement().matches(feedback -> feedback.status() == 0, "abandoned");
        assertThat(GateProbe.inFlight(gate.delegate, KEY)).isZero();
    }

    /** Throws the given error from the first attempt that passes it (synchronously, on both paths), then passes. */
    private static final class ThrowsOnce implements HttpPipelinePolicy {
        private final RuntimeException error;
        private final AtomicInteger passes = new AtomicInteger();

        ThrowsOnce(RuntimeException error) {
            this.error = error;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            if (passes.getAndIncrement() == 0) {
                throw error;
            }
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            if (passes.getAndIncrement() == 0) {
                throw error;
            }
            return next.processSync();
        }
    }

    /** Passes everything to an in-memory gate and records every report; its {@code report} can be made to throw. */
    private static final class CountingGate implements ThrottleGate {
        final InMemoryThrottleGate delegate;
        final List<ThrottleFeedback> reports = Collections.synchronizedList(new ArrayList<>());
        volatile Throwable reportFails;

        CountingGate(InMemoryThrottleGate delegate) {
            this.delegate = delegate;
        }

        @Override
        public String quotaKey(RequestView request) {
            return delegate.quotaKey(request);
        }

        @Override
        public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
            return delegate.acquire(request);
        }

        @Override
        public ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException {
            return delegate.acquireSync(request);
        }

        @Override
        public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
            return delegate.tryAcquireNow(request);
        }

        @Override
        public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
            reports.add(feedback);
            delegate.report(admission, feedback);
            if (reportFails instanceof RuntimeException e) {
                throw e;
            }
            if (reportFails instanceof Error e) {
                throw e;
            }
        }
    }

    /** A response whose headers throw when read. */
    private static final class UnreadableHeaders extends HttpResponse {
        private final HttpResponse inner;

        UnreadableHeaders(HttpResponse inner) {
            super(inner.getRequest());
            this.inner = inner;
        }

        @Override
        public int getStatusCode() {
            return inner.getStatusCode();
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            throw new IllegalStateException("headers gone");
        }

        @Override
        public HttpHeaders getHeaders() {
            throw new IllegalStateException("headers gone");
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return inner.getBody();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return inner.getBodyAsByteArray();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return inner.getBodyAsString();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return inner.getBodyAsString(charset);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Metrics whose hold histogram throws when recording, so that recording an admission throws. */
    private static final class HistogramThatThrows implements MeterProvider {
        @Override
        public Meter createMeter(String libraryName, String libraryVersion,
            MetricsOptions options) {
            return new Meter() {
                @Override
                public DoubleHistogram createDoubleHistogram(String name, String description, String unit) {
                    return new DoubleHistogram() {
                        @Override
                        public void record(double value, TelemetryAttributes attributes, Context context) {
                            throw new IllegalStateException("histogram down");
                        }

                        @Override
                        public boolean isEnabled() {
                            return true;
                        }
                    };
                }

                @Override
                public LongCounter createLongCounter(String name, String description, String unit) {
                    return counter();
                }

                @Override
                public LongCounter createLongUpDownCounter(String name, String description, String unit) {
                    return counter();
                }

                private LongCounter counter() {
                    return new LongCounter() {
                        @Override
                        public void add(long value, TelemetryAttributes attributes, Context context) {
                        }

                        @Override
                        public boolean isEnabled() {
                            return true;
                        }
                    };
                }

                @Override
                public TelemetryAttributes createAttributes(Map<String, Object> attributes) {
                    return new TelemetryAttributes() { };
                }

                @Override
                public boolean isEnabled() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
