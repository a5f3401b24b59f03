// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.logging.ClientLogger;
import com.azure.core.util.logging.LogLevel;
import com.azure.core.util.logging.LoggingEventBuilder;
import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.implementation.AttemptContext;
import io.github.openaipolicies.implementation.AzureHeaders;
import io.github.openaipolicies.implementation.BufferedResponse;
import io.github.openaipolicies.implementation.CallBudgets;
import io.github.openaipolicies.implementation.ReactorRetryEnvironment;
import io.github.openaipolicies.implementation.metrics.PipelineMeters;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.CallBudget;
import io.github.openaipolicies.retry.implementation.OpenAIErrorCode;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import io.github.openaipolicies.retry.implementation.RetryReason;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Retries throttled and failed calls, honouring the server's requested delay within caps.
 *
 * <p>Runs once per call ({@link HttpPipelinePosition#PER_CALL}), in front of the per-retry policies (credentials,
 * logging), so every attempt passes through them again. Each attempt starts from a fresh copy of the original request
 * ({@link HttpRequest#copy()}): nothing a per-retry policy added on an earlier attempt reaches the next one. The body
 * is made replayable once and sent byte-identical on every attempt. The attempt number (1, 2, ...) is recorded in the
 * context, where azure-core's {@code HttpLoggingPolicy} reads its {@code tryCount}.</p>
 *
 * <p>What is retried: statuses 408, 429, 500, 502, 503, 504, and I/O errors and timeouts, a refused connection
 * included. Not retried: any other status, a 429 whose error code is {@code insufficient_quota}, errors that no retry
 * can fix (a certificate or TLS handshake failure, an unknown host, a malformed URL: they surface at once), and any
 * other error. A response header {@code x-should-retry: true|false} overrides the status rule.</p>
 *
 * <p>How long it waits: the delay the server asks for in {@code retry-after-ms}, else {@code x-ms-retry-after-ms},
 * else {@code Retry-After} (seconds, decimals allowed, or an HTTP-date), never shortened, padded by at most
 * {@code min(10%, 250 ms)} and never past {@code maxRetryAfter}. An unusable header value (garbled, negative, absurdly large) is ignored. Without a server
 * delay, and also when the server asks for none ({@code Retry-After: 0}, {@code retry-after-ms: 0}, an HTTP-date
 * that is not in the future): exponential backoff, {@code baseDelay * 2^(retry-1)} capped by {@code maxDelay}, times
 * a jitter factor in [0.8, 1.0). So no two attempts go out back to back.</p>
 *
 * <p>When it stops: when the server asks for more than {@code maxRetryAfter}, or any wait would end after the
 * overall {@code timeout} (from the start of the call), the last response is returned at once (the client then
 * reports its usual error, e.g. for a 429) and the reason is logged; after {@code maxRetries} retries the last
 * response is returned or the last error propagated. Every response it does not return is closed, also one that
 * arrives as the caller cancels. The call's deadline (start plus {@code timeout}) is recorded in the context for
 * per-retry policies.</p>
 *
 * <p>What it logs: each retry at INFO; a stop that ends the call in failure at WARNING (retries exhausted,
 * {@code insufficient_quota}, a delay above {@code maxRetryAfter} or past the timeout, an error no retry can fix);
 * any other stop at VERBOSE, including every answer when {@code maxRetries} is 0. Each line carries the attempt and
 * the reason.</p>
 *
 * <p>Both paths are native: {@link #process} never blocks and waits on a Reactor scheduler (cancelling during a wait
 * sends nothing more); {@link #processSync} sleeps on the calling thread and, when interrupted before or during a wait,
 * ends the call with an exception and leaves the thread's interrupt flag set.</p>
 *
 * <p>What it measures (see {@code docs/metrics.md}), through azure-core's metrics unless the {@link MetricsOptions}
 * turn them off: {@code openai.pipeline.attempts}, {@code openai.pipeline.retries},
 * {@code openai.pipeline.server_delay} and {@code openai.pipeline.calls.stopped}. Without a metrics provider on the
 * class path this costs nothing.</p>
 */
public final class RetryAfterPolicy implements HttpPipelinePolicy {
    private static final ClientLogger LOGGER = new ClientLogger(RetryAfterPolicy.class);

    private final RetryDecider decider;
    private final ReactorRetryEnvironment environment;
    private final PipelineMeters meters;

    /**
     * Creates the policy with default {@link RetryAfterOptions}.
     */
    public RetryAfterPolicy() {
        this(new RetryAfterOptions());
    }

    /**
     * Creates the policy with the given options, copied: changing {@code options} later does not change this policy.
     *
     * @param options the retry options
     * @throws NullPointerException if {@code options} is null
     * @throws IllegalArgumentException if the options are inconsistent (base delay above the maximum delay)
     */
    public RetryAfterPolicy(RetryAfterOptions options) {
        this(options, ReactorRetryEnvironment.system(), PipelineMeters.of(null));
    }

    /**
     * Creates the policy with the given options and metrics options (e.g. {@link PipelineMetricsOptions} with a
     * provider, or metrics turned off).
     *
     * @param options the retry options, copied
     * @param metricsOptions the metrics options; null for azure-core's defaults (on, default provider)
     * @throws NullPointerException if {@code options} is null
     * @throws IllegalArgumentException if the options are inconsistent (base delay above the maximum delay)
     */
    public RetryAfterPolicy(RetryAfterOptions options, MetricsOptions metricsOptions) {
        this(options, ReactorRetryEnvironment.system(), PipelineMeters.of(metricsOptions));
    }

    /**
     * Creates the policy with its own clock, scheduler, sleeper and jitter source; for tests in virtual time.
     *
     * @param options the retry options, copied
     * @param environment time and randomness
     */
    RetryAfterPolicy(RetryAfterOptions options, ReactorRetryEnvironment environment) {
        this(options, environment, PipelineMeters.of(null));
    }

    /**
     * Creates the policy with its own environment and instruments; for tests.
     *
     * @param options the retry options, copied
     * @param environment time and randomness
     * @param meters the instruments
     */
    RetryAfterPolicy(RetryAfterOptions options, ReactorRetryEnvironment environment, PipelineMeters meters) {
        Objects.requireNonNull(options, "'options' cannot be null.");
        this.decider = RetryDecider.of(options, environment.retry().random());
        this.environment = Objects.requireNonNull(environment, "'environment' cannot be null.");
        this.meters = Objects.requireNonNull(meters, "'meters' cannot be null.");
    }

    /**
     * Runs once per call, in front of the per-retry policies, so every attempt passes through them.
     *
     * @return {@link HttpPipelinePosition#PER_CALL}
     */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }

    /**
     * Sends the request, retrying as described in the class documentation; never blocks.
     *
     * @param context the call context
     * @param next the rest of the pipeline
     * @return the response to hand to the caller
     */
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.defer(() -> {
            Instant start = now();
            HttpRequest original = context.getHttpRequest();
            BinaryData body = original.getBodyAsBinaryData();
            if (retriesPossible() && body != null && !body.isReplayable()) {
                return body.toReplayableBinaryDataAsync().flatMap(replayable -> {
                    original.setBody(replayable);
                    return attemptAsync(call(context, original, start), next, 1);
                });
            }
            return attemptAsync(call(context, original, start), next, 1);
        }).doOnDiscard(Object.class, RetryAfterPolicy::closeDiscarded);
    }

    /**
     * Sends the request, retrying as described in the class documentation, on the calling thread.
     *
     * @param context the call context
     * @param next the rest of the pipeline
     * @return the response to hand to the caller
     */
    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Instant start = now();
        HttpRequest original = context.getHttpRequest();
        BinaryData body = original.getBodyAsBinaryData();
        if (retriesPossible() && body != null && !body.isReplayable()) {
            original.setBody(body.toReplayableBinaryData());
        }
        Call call = call(context, original, start);
        for (int attempt = 1;; attempt++) {
            call.prepare(attempt);
            HttpResponse response;
            RetryDecision decision;
            try {
                response = next.clone().processSync();
                if (needsErrorCode(response, attempt)) {
                    response = BufferedResponse.readSync(response);
                }
            } catch (RuntimeException error) {
                decision = decider.onError(error, attempt, start, now());
                decided(call, decision, attempt, null, error);
                if (!decision.shouldRetry()) {
                    throw error;
                }
                sleep(decision.delay(), attempt, error);
                continue;
            }
            decision = decide(response, attempt, start);
            decided(call, decision, attempt, response.getStatusCode(), null);
            if (!decision.shouldRetry()) {
                return response;
            }
            response.close();
            sleep(decision.delay(), attempt, null);
        }
    }

    private Mono<HttpResponse> attemptAsync(Call call, HttpPipelineNextPolicy next, int attempt) {
        call.prepare(attempt);
        return Mono.defer(() -> next.clone().process())
            .flatMap(response -> needsErrorCode(response, attempt)
                ? BufferedResponse.readAsync(response).<HttpResponse>map(buffered -> buffered)
                : Mono.just(response))
            .materialize()
            .flatMap(signal -> {
                if (signal.hasValue()) {
                    return afterResponseAsync(call, next, attempt, signal.get());
                }
                if (signal.isOnError()) {
                    return afterErrorAsync(call, next, attempt, signal.getThrowable());
                }
                return Mono.empty();
            });
    }

    private Mono<HttpResponse> afterResponseAsync(Call call, HttpPipelineNextPolicy next, int attempt,
        HttpResponse response) {
        RetryDecision decision = decide(response, attempt, call.start);
        decided(call, decision, attempt, response.getStatusCode(), null);
        if (!decision.shouldRetry()) {
            return Mono.just(response);
        }
        response.close();
        return waitThen(decision.delay(), () -> attemptAsync(call, next, attempt + 1));
    }

    private Mono<HttpResponse> afterErrorAsync(Call call, HttpPipelineNextPolicy next, int attempt,
        Throwable error) {
        RetryDecision decision = decider.onError(error, attempt, call.start, now());
        decided(call, decision, attempt, null, error);
        if (!decision.shouldRetry()) {
            return Mono.error(error);
        }
        return waitThen(decision.delay(), () -> attemptAsync(call, next, attempt + 1));
    }

    /**
     * Closes a response Reactor dropped because the caller cancelled as it was delivered (an operator discards a
     * value it can no longer pass on; {@code materialize} wraps it in a {@link Signal}).
     */
    private static void closeDiscarded(Object discarded) {
        Object value = discarded instanceof Signal<?> signal ? signal.get() : discarded;
        if (value instanceof HttpResponse response) {
            response.close();
        }
    }

    private Mono<HttpResponse> waitThen(Duration delay, Supplier<Mono<HttpResponse>> nextAttempt) {
        Mono<HttpResponse> attempt = Mono.defer(nextAttempt);
        return delay.isZero() ? attempt : Mono.delay(delay, environment.scheduler()).then(attempt);
    }

    private boolean needsErrorCode(HttpResponse response, int attempt) {
        return decider.needsErrorCode(response.getStatusCode(), headers(response), attempt);
    }

    /** The response's headers as the decider reads them: none of a success, which it never reads. */
    private static HeaderLookup headers(HttpResponse response) {
        return RetryDecider.readsHeaders(response.getStatusCode()) ? AzureHeaders.of(response.getHeaders())
            : HeaderLookup.NONE;
    }

    private RetryDecision decide(HttpResponse response, int attempt, Instant start) {
        String errorCode = response instanceof BufferedResponse buffered
            ? OpenAIErrorCode.parse(buffered.bodyBytes()) : null;
        Instant now = now();
        // The wall clock dates a Retry-After HTTP-date, a header the decider reads of an error answer only.
        Instant wallNow = RetryDecider.readsHeaders(response.getStatusCode())
            ? environment.retry().wallClock().instant() : now;
        return decider.onResponse(response.getStatusCode(), headers(response), errorCode, attempt, start, now,
            wallNow);
    }

    private void sleep(Duration delay, int attempt, RuntimeException retriedError) {
        try {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted before retry attempt " + (attempt + 1));
            }
            if (!delay.isZero()) {
                environment.retry().sleeper().sleep(delay);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RuntimeException interrupted = new RuntimeException("Interrupted while waiting " + delay.toMillis()
                + " ms before retry attempt " + (attempt + 1) + "; the call was abandoned.", e);
            if (retriedError != null) {
                interrupted.addSuppressed(retriedError);
            }
            throw LOGGER.logExceptionAsWarning(interrupted);
        }
    }

    /** Starts a call: records its start and deadline in the context, where per-retry policies can read them. */
    private Call call(HttpPipelineCallContext context, HttpRequest original, Instant start) {
        CallBudgets.record(context, new CallBudget(start, decider.limits().deadline(start)));
        return new Call(context, original, start);
    }

    private boolean retriesPossible() {
        return decider.limits().maxRetries() > 0;
    }

    private Instant now() {
        return environment.retry().clock().instant();
    }

    private static void logDecision(RetryDecision decision, int attempt, Integer status, Throwable error) {
        LoggingEventBuilder event = levelFor(decision, status);
        if (event == null) {
            return;
        }
        event.addKeyValue("attempt", attempt).addKeyValue("reason", decision.reason().description());
        if (status != null) {
            event.addKeyValue("statusCode", status);
        }
        if (error != null) {
            event.addKeyValue("exception", error.getClass().getName());
        }
        if (decision.delaySource() != null) {
            event.addKeyValue("delaySource", decision.delaySource());
        }
        if (decision.requestedDelay() != null) {
            event.addKeyValue("requestedDelayMs", decision.requestedDelay().toMillis());
        }
        if (decision.shouldRetry()) {
            event.addKeyValue("delayMs", decision.delay().toMillis()).log("Retrying.");
            return;
        }
        if (decision.reason() == RetryReason.RETRY_AFTER_ABOVE_MAX) {
            event.addKeyValue("maxRetryAfterMs", decision.limit().toMillis());
        } else if (decision.reason() == RetryReason.TIMEOUT_BUDGET_EXCEEDED) {
            event.addKeyValue("remainingBudgetMs", decision.limit().toMillis());
        }
        event.log("Not retrying; returning the last " + (error == null ? "response." : "error."));
    }

    private static LoggingEventBuilder levelFor(RetryDecision decision, Integer status) {
        if (decision.reason() == RetryReason.NOT_RETRYABLE_STATUS && status != null && status < 400) {
            return null;
        }
        return LOGGER.atLevel(azureLevel(decision.reason().logLevel()));
    }

    /** The core's neutral level as azure-core's: the names are the same. */
    private static LogLevel azureLevel(io.github.openaipolicies.core.implementation.LogLevel level) {
        return LogLevel.valueOf(level.name());
    }

    /** Logs and measures what was decided after an attempt ({@code status} null: it ended in {@code error}). */
    private void decided(Call call, RetryDecision decision, int attempt, Integer status, Throwable error) {
        logDecision(decision, attempt, status, error);
        if (meters.enabled()) {
            measure(call, decision, attempt, status);
        }
    }

    /** Counts the attempt ({@code status} null: it ended in an error) and what was decided after it. */
    private void measure(Call call, RetryDecision decision, int attempt, Integer status) {
        KeyMetrics metrics = meters.forRequest(call.original);
        if (status == null) {
            metrics.attemptFailed(attempt > 1);
        } else {
            metrics.attempt(status, attempt > 1);
        }
        metrics.decided(decision);
    }

    /** One call: its context, its original request and when it started. */
    private static final class Call {
        private final HttpPipelineCallContext context;
        private final HttpRequest original;
        private final Instant start;

        Call(HttpPipelineCallContext context, HttpRequest original, Instant start) {
            this.context = context;
            this.original = original;
            this.start = start;
        }

        /** Records the attempt number and puts a fresh copy of the original request on the context. */
        void prepare(int attempt) {
            AttemptContext.record(context, attempt);
            context.setHttpRequest(original.copy());
        }
    }
}
