// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.gate.implementation.GateReports;
import io.github.openaipolicies.gate.implementation.TokenCost;
import io.github.openaipolicies.metrics.implementation.CallStop;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import io.github.openaipolicies.retry.implementation.OpenAIErrorCode;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import io.github.openaipolicies.retry.implementation.RetryReason;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One call on the thread OkHttp runs interceptors on: gate, {@code chain.proceed(fresh request)}, report, decide,
 * wait, until a response or an error is final. Every discarded response is closed before the next attempt; the
 * final response goes back with its body as OkHttp's stream, marked {@code x-should-retry: false}.
 */
public final class OkHttpCall {
    /** openai-java's header counting its own retries: above 0, openai-java retries a call the policies ended. */
    public static final String RETRY_COUNT = "X-Stainless-Retry-Count";
    /** The header openai-java's retry obeys before anything else. */
    public static final String X_SHOULD_RETRY = "x-should-retry";

    private static final Logger LOGGER = LoggerFactory.getLogger(OkHttpCall.class);

    private final CallSettings settings;
    private final Interceptor.Chain chain;
    private final Request request;
    private final Instant start;
    private final boolean retriesPossible;
    private final KeyMetrics metrics;
    private final ThrottleRequest throttleRequest;

    private OkHttpCall(CallSettings settings, Interceptor.Chain chain) {
        this.settings = settings;
        this.chain = chain;
        this.request = chain.request();
        this.start = settings.clock().instant();
        RequestBody body = request.body();
        this.retriesPossible = body == null || !(body.isOneShot() || body.isDuplex());
        OkHttpRequestView view = new OkHttpRequestView(request);
        this.metrics = CallMetrics.of(settings.instruments(), view);
        this.throttleRequest = settings.gate() == null ? null : throttleRequest(settings.gate(), view);
    }

    /**
     * Runs a call through its attempts.
     *
     * @param settings what every call shares
     * @param chain the chain of the call, as the interceptor got it
     * @return the final response, marked {@code x-should-retry: false}
     * @throws IOException when the call ends in an I/O error, is cancelled, or is openai-java's retry of a call the
     * policies ended (then nothing is sent)
     */
    public static Response run(CallSettings settings, Interceptor.Chain chain) throws IOException {
        if (chain.connection() != null) {
            throw new IllegalStateException("OpenAIPolicyInterceptor is an application interceptor: add it with "
                + "OkHttpClient.Builder.addInterceptor, not addNetworkInterceptor (it sends a call's attempts).");
        }
        refuseOpenAIJavaRetry(chain.request());
        return new OkHttpCall(settings, chain).run();
    }

    /**
     * openai-java retries an I/O error: a call the policies ended with one comes back with a retry count above 0.
     * It ends at once, with the same kind of error, and nothing is sent, so no attempt is ever sent twice.
     */
    private static void refuseOpenAIJavaRetry(Request request) throws IOException {
        String count = request.header(RETRY_COUNT);
        if (count != null && !count.trim().equals("0") && !count.isBlank()) {
            throw new IOException("Not sent: openai-java retries (" + RETRY_COUNT + ": " + count.trim() + ") a call "
                + "that the OkHttp policies already retried as their retry options allow and ended.");
        }
    }

    private ThrottleRequest throttleRequest(ThrottleGate gate, OkHttpRequestView view) {
        long cost = TokenCost.estimate(view.bodyIfInMemory(TokenCost.MAX_PARSED_BYTES));
        return new ThrottleRequest(gate.quotaKey(view), cost, start, settings.decider().limits().deadline(start));
    }

    private Response run() throws IOException {
        for (int attempt = 1;; attempt++) {
            throwIfCanceled();
            Request attemptRequest = attemptRequest(attempt);
            AttemptObserver.Attempt observed = settings.observer().start(attemptRequest, attempt);
            ThrottleAdmission admission = admit();
            observed.admitted(admission);
            Response response;
            try {
                response = chain.proceed(attemptRequest);
            } catch (IOException | RuntimeException error) {
                boolean canceled = chain.call().isCanceled();
                report(admission, canceled ? ThrottleFeedback.abandoned() : ThrottleFeedback.error(error));
                RetryDecision decision = canceled ? RetryDecision.stop(RetryReason.NOT_RETRYABLE_ERROR)
                    : decide(error, attempt);
                failed(observed, error, decision, attempt);
                pause(decision, attempt, error);
                continue;
            } catch (Error fatal) {
                report(admission, ThrottleFeedback.error(fatal));
                throw fatal;
            }
            report(admission, feedback(response));
            RetryDecision decision;
            try {
                String errorCode = null;
                if (needsErrorCode(response, attempt)) {
                    byte[] body = readBody(response);
                    response = replay(response, body);
                    errorCode = OpenAIErrorCode.parse(body);
                }
                decision = decide(response, errorCode, attempt);
            } catch (IOException | RuntimeException unreadable) {
                discard(response);
                RetryDecision afterError = decide(unreadable, attempt);
                failed(observed, unreadable, afterError, attempt);
                pause(afterError, attempt, unreadable);
                continue;
            }
            observed.responded(response, decision);
            CallMetrics.decided(metrics, decision, attempt, response.code());
            if (!decision.shouldRetry()) {
                return response.newBuilder().header(X_SHOULD_RETRY, "false").build();
            }
            discard(response);
            pause(decision, attempt, null);
        }
    }

    /**
     * A fresh request for an attempt: exactly one value of each credential header, openai-java's retry count set to
     * the attempt's when the request carries one.
     */
    private Request attemptRequest(int attempt) {
        Request checked = SingleCredential.check(request, metrics);
        if (attempt == 1 || checked.header(RETRY_COUNT) == null) {
            return checked;
        }
        return checked.newBuilder().header(RETRY_COUNT, Integer.toString(attempt - 1)).build();
    }

    private void failed(AttemptObserver.Attempt observed, Exception error, RetryDecision decision, int attempt)
        throws IOException {
        observed.failed(error, decision);
        CallMetrics.decided(metrics, decision, attempt, null);
        if (!decision.shouldRetry()) {
            throw rethrown(error);
        }
    }

    private static IOException rethrown(Exception error) {
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        return (IOException) error;
    }

    private ThrottleAdmission admit() throws IOException {
        if (throttleRequest == null) {
            return null;
        }
        ThrottleAdmission admission = settings.gate().tryAcquireNow(throttleRequest);
        if (admission == null) {
            admission = acquire();
        }
        if (metrics != null) {
            metrics.held(admission.getHeld(), admission.getReason().name());
        }
        return admission;
    }

    private ThrottleAdmission acquire() throws IOException {
        CompletableFuture<ThrottleAdmission> future = settings.gate().acquire(throttleRequest);
        if (metrics != null) {
            metrics.waiting(1);
        }
        try {
            return settings.waits().await(future, chain.call());
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof ThrottleGateTimeoutException timeout) {
                if (metrics != null) {
                    metrics.stopped(CallStop.GATE_TIMEOUT);
                }
                throw timeout;
            }
            throw cause instanceof IOException io ? io : new IOException("The throttle gate failed: " + cause, cause);
        } catch (CancellationException | InterruptedException stopped) {
            withdraw(future);
            if (stopped instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                InterruptedIOException interrupted = new InterruptedIOException("Interrupted while waiting in the "
                    + "throttle gate for '" + throttleRequest.quotaKey() + "'; the call was abandoned.");
                interrupted.initCause(stopped);
                throw interrupted;
            }
            throw canceled(stopped, null);
        } finally {
            if (metrics != null) {
                metrics.waiting(-1);
            }
        }
    }

    /** Leaves the gate's queue; an admission decided at the same moment is ours, and reported abandoned. */
    private void withdraw(CompletableFuture<ThrottleAdmission> future) {
        if (!future.cancel(false) && future.isDone() && !future.isCompletedExceptionally()) {
            report(future.join(), ThrottleFeedback.abandoned());
        }
    }

    private boolean needsErrorCode(Response response, int attempt) {
        return retriesPossible && settings.decider().needsErrorCode(response.code(),
            OkHttpHeaders.of(response.headers()), attempt);
    }

    /** The response's body read to the end, the response closed (also when reading fails). */
    private static byte[] readBody(Response response) throws IOException {
        ResponseBody body = response.body();
        if (body == null) {
            return new byte[0];
        }
        try (body) {
            return body.bytes();
        }
    }

    /** Closes a discarded response: its body (a response without one must not be closed, OkHttp says). */
    private static void discard(Response response) {
        ResponseBody body = response.body();
        if (body != null) {
            body.close();
        }
    }

    /** The response with its body replayed from memory. */
    private static Response replay(Response response, byte[] body) {
        ResponseBody read = response.body();
        return response.newBuilder().body(ResponseBody.create(body, read == null ? null : read.contentType()))
            .build();
    }

    private RetryDecision decide(Response response, String errorCode, int attempt) {
        RetryDecision decision = settings.decider().onResponse(response.code(),
            OkHttpHeaders.of(response.headers()), errorCode, attempt, start, settings.clock().instant(),
            settings.wallClock().instant());
        return retriesPossible || !decision.shouldRetry() ? decision : notRepeatable();
    }

    private RetryDecision decide(Throwable error, int attempt) {
        RetryDecision decision = settings.decider().onError(error, attempt, start, settings.clock().instant());
        return retriesPossible || !decision.shouldRetry() ? decision : notRepeatable();
    }

    private static RetryDecision notRepeatable() {
        return RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS);
    }

    private ThrottleFeedback feedback(Response response) {
        return GateReports.feedback(response.code(), OkHttpHeaders.of(response.headers()), settings.wallClock());
    }

    /** Reports to the gate; a gate that fails to take it costs what it would have learned, never the call. */
    private void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        GateReports.report(settings.gate(), admission, feedback, LOGGER);
    }

    /** Waits before the next attempt, or ends the call when the decision stops it. */
    private void pause(RetryDecision decision, int attempt, Exception retried) throws IOException {
        Duration delay = decision.delay();
        try {
            settings.waits().sleep(delay, chain.call());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("Interrupted while waiting "
                + delay.toMillis() + " ms before retry attempt " + (attempt + 1) + "; the call was abandoned.");
            interrupted.initCause(e);
            if (retried != null) {
                interrupted.addSuppressed(retried);
            }
            throw interrupted;
        } catch (CancellationException e) {
            throw canceled(e, retried);
        }
    }

    private void throwIfCanceled() throws IOException {
        if (chain.call().isCanceled()) {
            throw canceled(null, null);
        }
    }

    private static IOException canceled(Exception cause, Exception retried) {
        IOException canceled = new IOException("Canceled");
        if (cause != null) {
            canceled.initCause(cause);
        }
        if (retried != null) {
            canceled.addSuppressed(retried);
        }
        return canceled;
    }
}
