// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.gate.implementation.InMemoryThrottleGate;
import io.github.openaipolicies.gate.implementation.TokenCost;
import io.github.openaipolicies.implementation.gate.AzureRequestView;
import io.github.openaipolicies.implementation.gate.GateMono;
import io.github.openaipolicies.implementation.gate.InMemoryBody;
import io.github.openaipolicies.implementation.gate.ResponseFeedback;
import io.github.openaipolicies.implementation.metrics.PipelineMeters;
import io.github.openaipolicies.metrics.implementation.CallStop;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import io.github.openaipolicies.retry.implementation.CallBudget;
import io.github.openaipolicies.retry.implementation.RetryLimits;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.util.context.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;

/**
 * Asks a {@link ThrottleGate} before every attempt (the first try and every retry) and reports every response or
 * error to it, so that all calls to one deployment share what the server says about its quota.
 *
 * <p>Runs per attempt ({@link HttpPipelinePosition#PER_RETRY}) behind {@link RetryAfterPolicy}. For each attempt it
 * derives the quota key ({@link ThrottleGate#quotaKey}) and the estimated tokens of the request body, then waits in
 * the gate, ordered by the call's start and bounded by the call's overall timeout (both recorded by
 * {@code RetryAfterPolicy}; without it, by the gate's {@code maxWait} alone). The admission, with how long and why
 * the attempt was held, goes into the pipeline context under {@link #ADMISSION_CONTEXT_KEY}, where a logging policy
 * behind this one can read it. A wait that would pass the deadline ends the attempt with a
 * {@link ThrottleGateTimeoutException}, which {@code RetryAfterPolicy} does not retry.</p>
 *
 * <p>Every admission is reported to the gate exactly once, however the attempt ends: with a response, an error, a
 * synchronous throw from a policy after this one (or from recording the admission), a cancel, or no response at all.
 * A {@code report} that throws costs the gate what it would have learned, never the caller the response: the
 * exception is logged at WARNING (its type and the quota key only) and the response delivered. A response that
 * arrives after a cancel, which nobody will read, is closed.</p>
 *
 * <p>Both paths are native: {@link #process} never blocks (cancelling while held takes the attempt out of the
 * queue); {@link #processSync} blocks the calling thread while held and, when interrupted, ends the call with an
 * exception and leaves the thread's interrupt flag set.</p>
 *
 * <p>What it measures (see {@code docs/metrics.md}), unless the {@link MetricsOptions} turn metrics off:
 * {@code openai.pipeline.gate.hold.duration} for every admitted attempt, {@code openai.pipeline.gate.waiting}, and
 * {@code openai.pipeline.calls.stopped} with reason {@code gate_timeout}; for the in-memory gate, once per gate,
 * {@code openai.pipeline.gate.leases.reclaimed}.</p>
 */
public final class ThrottleGatePolicy implements HttpPipelinePolicy {
    /** Context key of the current attempt's {@link ThrottleAdmission}. */
    public static final String ADMISSION_CONTEXT_KEY = "io.github.openaipolicies.throttleAdmission";

    private static final ClientLogger LOGGER = new ClientLogger(ThrottleGatePolicy.class);

    private final ThrottleGate gate;
    private final Clock clock;
    private final Clock wallClock;
    private final PipelineMeters meters;

    /**
     * Creates the policy.
     *
     * @param gate the gate every attempt asks, e.g. {@link ThrottleGate#shared()}
     * @throws NullPointerException if {@code gate} is null
     */
    public ThrottleGatePolicy(ThrottleGate gate) {
        this(gate, (MetricsOptions) null);
    }

    /**
     * Creates the policy with metrics options (e.g. {@link PipelineMetricsOptions} with a provider, or metrics
     * turned off).
     *
     * @param gate the gate every attempt asks, e.g. {@link ThrottleGate#shared()}
     * @param metricsOptions the metrics options; null for azure-core's defaults (on, default provider)
     * @throws NullPointerException if {@code gate} is null
     */
    public ThrottleGatePolicy(ThrottleGate gate, MetricsOptions metricsOptions) {
        this(gate, MonotonicClock.system(), Clock.systemUTC(), PipelineMeters.of(metricsOptions));
    }

    /**
     * Creates the policy with its own clock; for tests in virtual time.
     *
     * @param gate the gate
     * @param clock the clock for call starts and HTTP-dates
     */
    ThrottleGatePolicy(ThrottleGate gate, Clock clock) {
        this(gate, clock, clock, PipelineMeters.of(null));
    }

    /**
     * Creates the policy with its own clocks and instruments; for tests.
     *
     * @param gate the gate
     * @param clock the clock of call starts and deadlines, the gate's time line ({@link MonotonicClock} in
     * production)
     * @param wallClock the clock an HTTP-date {@code Retry-After} is compared with
     * @param meters the instruments
     */
    ThrottleGatePolicy(ThrottleGate gate, Clock clock, Clock wallClock, PipelineMeters meters) {
        this.gate = Objects.requireNonNull(gate, "'gate' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
        this.wallClock = Objects.requireNonNull(wallClock, "'wallClock' cannot be null.");
        this.meters = Objects.requireNonNull(meters, "'meters' cannot be null.");
        if (gate instanceof InMemoryThrottleGate inMemory) {
            meters.watchLeases(inMemory, InMemoryThrottleGate::leasesReclaimed);
        }
    }

    /**
     * The gate this policy asks.
     *
     * @return the gate
     */
    public ThrottleGate getGate() {
        return gate;
    }

    /**
     * Runs once per attempt.
     *
     * @return {@link HttpPipelinePosition#PER_RETRY}
     */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    /**
     * Waits in the gate without blocking, then sends the attempt and reports its outcome.
     *
     * @param context the call context
     * @param next the rest of the pipeline
     * @return the response
     */
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.defer(() -> {
            ThrottleRequest request = request(context);
            ThrottleAdmission now = gate.tryAcquireNow(request);
            if (now != null) {
                return send(context, next, now);
            }
            KeyMetrics metrics = metricsOf(context);
            Mono<ThrottleAdmission> waited = GateMono.acquire(gate, request)
                .doOnError(ThrottleGateTimeoutException.class, e -> timedOut(e, metrics));
            if (metrics != null) {
                waited = waited.doOnSubscribe(subscription -> metrics.waiting(1))
                    .doFinally(signal -> metrics.waiting(-1));
            }
            return waited.flatMap(admission -> send(context, next, admission));
        });
    }

    private Mono<HttpResponse> send(HttpPipelineCallContext context, HttpPipelineNextPolicy next,
        ThrottleAdmission admission) {
        return sent(context, admission, () -> new ReportedMono(next.process(), admission));
    }

    /**
     * Waits in the gate on the calling thread, then sends the attempt and reports its outcome.
     *
     * @param context the call context
     * @param next the rest of the pipeline
     * @return the response
     */
    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        ThrottleRequest request = request(context);
        ThrottleAdmission admission = gate.tryAcquireNow(request);
        KeyMetrics metrics = admission == null ? metricsOf(context) : null;
        try {
            if (admission == null) {
                admission = acquireSync(request, metrics);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LOGGER.logExceptionAsWarning(new RuntimeException("Interrupted while waiting in the throttle gate "
                + "for '" + request.quotaKey() + "'; the call was abandoned.", e));
        } catch (ThrottleGateTimeoutException e) {
            timedOut(e, metrics);
            throw e;
        }
        return reported(admission, sent(context, admission, next::processSync));
    }

    /**
     * Records the admission and sends the attempt; if either throws (a policy after this one, a metrics provider),
     * the admission is reported with the error before the throw goes on, as nothing else would report it.
     */
    private <T> T sent(HttpPipelineCallContext context, ThrottleAdmission admission, Supplier<T> send) {
        try {
            admitted(context, admission);
            return send.get();
        } catch (RuntimeException | Error e) {
            report(admission, ThrottleFeedback.error(e));
            throw e;
        }
    }

    /**
     * Reports the response, then hands it on: a gate that fails to take it costs the gate what it would have learned,
     * never the caller its response. Only a fatal error ends the call here, and then the response is closed.
     */
    private HttpResponse reported(ThrottleAdmission admission, HttpResponse response) {
        ThrottleFeedback feedback;
        try {
            feedback = feedback(response);
        } catch (RuntimeException unreadable) {
            feedback = ThrottleFeedback.error(unreadable);
        }
        try {
            report(admission, feedback);
        } catch (Error fatal) {
            close(response);
            throw fatal;
        }
        return response;
    }

    /** Reports to the gate; an exception from the gate is logged and goes no further. */
    private void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        try {
            gate.report(admission, feedback);
        } catch (RuntimeException e) {
            LOGGER.atWarning().addKeyValue("quotaKey", admission.getQuotaKey())
                .addKeyValue("exception", e.getClass().getName())
                .log("The throttle gate failed to take an attempt's outcome; the call goes on without it.");
        }
    }

    private static void close(HttpResponse response) {
        if (response != null) {
            response.close();
        }
    }

    private ThrottleAdmission acquireSync(ThrottleRequest request, KeyMetrics metrics) throws InterruptedException {
        if (metrics == null) {
            return gate.acquireSync(request);
        }
        metrics.waiting(1);
        try {
            return gate.acquireSync(request);
        } finally {
            metrics.waiting(-1);
        }
    }

    /** The instruments of the attempt's quota key, or null when metrics are off. */
    private KeyMetrics metricsOf(HttpPipelineCallContext context) {
        return meters.enabled() ? meters.forRequest(context.getHttpRequest()) : null;
    }

    private ThrottleRequest request(HttpPipelineCallContext context) {
        AzureRequestView httpRequest = new AzureRequestView(context.getHttpRequest());
        String key = gate.quotaKey(httpRequest);
        Object recorded = context.getData(CallBudget.CALL_BUDGET_KEY).orElse(null);
        CallBudget budget = recorded instanceof CallBudget known ? known : null;
        if (budget == null) {
            Instant now = clock.instant();
            budget = new CallBudget(now, now.plus(RetryLimits.LONGEST));
        }
        return new ThrottleRequest(key, cost(httpRequest), budget.start(), budget.deadline());
    }

    private ThrottleFeedback feedback(HttpResponse response) {
        return response == null ? ThrottleFeedback.abandoned()
            : ResponseFeedback.feedback(response.getStatusCode(), response.getHeaders(), wallClock);
    }

    private void admitted(HttpPipelineCallContext context, ThrottleAdmission admission) {
        context.setData(ADMISSION_CONTEXT_KEY, admission);
        if (meters.enabled()) {
            meters.forRequest(context.getHttpRequest()).held(admission.getHeld(), admission.getReason().name());
        }
        if (admission.wasHeld()) {
            LOGGER.atVerbose().addKeyValue("quotaKey", admission.getQuotaKey())
                .addKeyValue("heldMs", admission.getHeld().toMillis())
                .addKeyValue("reason", admission.getReason().description())
                .log("Held by the throttle gate.");
        }
    }

    /** The body's estimated tokens; read only when already in memory, so that neither path does I/O for it. */
    private static long cost(AzureRequestView request) {
        return TokenCost.estimate(request.bodyIfInMemory(TokenCost.MAX_PARSED_BYTES));
    }

    private static void timedOut(ThrottleGateTimeoutException e, KeyMetrics metrics) {
        if (metrics != null) {
            metrics.stopped(CallStop.GATE_TIMEOUT);
        }
        LOGGER.atWarning().addKeyValue("quotaKey", e.getQuotaKey())
            .addKeyValue("waitMs", e.getWait() == null ? null : e.getWait().toMillis())
            .addKeyValue("allowedMs", e.getAllowed().toMillis())
            .log("Throttle gate wait would pass the call's deadline; failing the attempt.");
    }

    /**
     * The attempt's response, reporting its outcome to the gate exactly once: the response or the error, or
     * "abandoned" when the subscriber cancels or the pipeline completes without a response. One operator instead of
     * a chain of {@code doOn...} operators, so an attempt that nothing holds back costs little.
     */
    private final class ReportedMono extends MonoOperator<HttpResponse, HttpResponse> {
        private final ThrottleAdmission admission;

        ReportedMono(Mono<HttpResponse> source, ThrottleAdmission admission) {
            super(source);
            this.admission = admission;
        }

        @Override
        public void subscribe(CoreSubscriber<? super HttpResponse> actual) {
            source.subscribe(new ReportingSubscriber(actual, admission));
        }
    }

    /** Passes every signal on, reporting the first outcome (response, error, completion or cancel) to the gate. */
    private final class ReportingSubscriber implements CoreSubscriber<HttpResponse>, Subscription {
        private static final AtomicIntegerFieldUpdater<ReportingSubscriber> DONE =
            AtomicIntegerFieldUpdater.newUpdater(ReportingSubscriber.class, "done");
        private final CoreSubscriber<? super HttpResponse> actual;
        private final ThrottleAdmission admission;
        private Subscription upstream;
        private volatile int done;

        ReportingSubscriber(CoreSubscriber<? super HttpResponse> actual, ThrottleAdmission admission) {
            this.actual = actual;
            this.admission = admission;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            upstream = subscription;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(HttpResponse response) {
            if (once()) {
                actual.onNext(reported(admission, response));
            } else {
                // Cancelled first (and reported abandoned): nobody will read it, so release its connection.
                close(response);
            }
        }

        @Override
        public void onError(Throwable error) {
            reportOnce(ThrottleFeedback.error(error));
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            reportOnce(ThrottleFeedback.abandoned());
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            reportOnce(ThrottleFeedback.abandoned());
            upstream.cancel();
        }

        private void reportOnce(ThrottleFeedback feedback) {
            if (once()) {
                report(admission, feedback);
            }
        }

        private boolean once() {
            return done == 0 && DONE.compareAndSet(this, 0, 1);
        }
    }
}
