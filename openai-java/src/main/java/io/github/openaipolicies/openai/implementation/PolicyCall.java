// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.gate.implementation.GateReports;
import io.github.openaipolicies.gate.implementation.TokenCost;
import io.github.openaipolicies.openai.RetriesExhaustedException;
import io.github.openaipolicies.retry.implementation.OpenAIErrorCode;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;

/**
 * What the sync and async paths of one call share: its budget, quota key and cost, the request of each attempt, the
 * retry decisions, the gate's reports and how the call ends when it gives up. Holds no I/O of its own.
 */
abstract class PolicyCall {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyCall.class);
    /** openai-java's header counting its own retries; set to the attempt's retry count when it sends one. */
    static final String RETRY_COUNT = "X-Stainless-Retry-Count";

    final CallSettings settings;
    final HttpRequest request;
    final RequestOptions options;
    final Instant start;
    private final ThrottleRequest throttleRequest;
    private final boolean retriesPossible;

    PolicyCall(CallSettings settings, HttpRequest request, RequestOptions options) {
        this.settings = settings;
        this.request = request;
        this.options = options;
        this.start = settings.clock().instant();
        HttpRequestBody body = request.body();
        this.retriesPossible = body == null || body.repeatable();
        this.throttleRequest = settings.gate() == null ? null : throttleRequest(settings.gate());
    }

    private ThrottleRequest throttleRequest(ThrottleGate gate) {
        OpenAIJavaRequestView view = new OpenAIJavaRequestView(request);
        long cost = TokenCost.estimate(view.bodyIfInMemory(TokenCost.MAX_PARSED_BYTES));
        return new ThrottleRequest(gate.quotaKey(view), cost, start, settings.decider().limits().deadline(start));
    }

    /** The gate's request for every attempt of this call, or null without a gate. */
    ThrottleRequest throttleRequest() {
        return throttleRequest;
    }

    /**
     * A fresh request for an attempt: exactly one value of each credential header (identical copies collapse; two
     * different values end the call with a {@code DuplicateCredentialException}), openai-java's retry count set.
     */
    HttpRequest attemptRequest(int attempt) {
        HttpRequest checked = SingleCredential.check(request, attempt, settings.observer());
        if (attempt == 1 || !checked.headers().names().contains(RETRY_COUNT)) {
            return checked;
        }
        return checked.toBuilder().replaceHeaders(RETRY_COUNT, Integer.toString(attempt - 1)).build();
    }

    /** Whether the response's error code must be read before deciding. */
    boolean needsErrorCode(HttpResponse response, int attempt) {
        return retriesPossible && settings.decider().needsErrorCode(response.statusCode(),
            OpenAIJavaHeaders.of(response.headers()), attempt);
    }

    /** The response's body read to the end and the response closed; the returned response replays it. */
    static HttpResponse buffered(HttpResponse response) {
        return BufferedResponse.read(response);
    }

    RetryDecision decide(HttpResponse response, int attempt) {
        String errorCode = response instanceof BufferedResponse buffered ? OpenAIErrorCode.parse(buffered.bytes())
            : null;
        RetryDecision decision = settings.decider().onResponse(response.statusCode(),
            OpenAIJavaHeaders.of(response.headers()), errorCode, attempt, start, settings.clock().instant(),
            settings.wallClock().instant());
        return retriesPossible || !decision.shouldRetry() ? decision : notRepeatable();
    }

    RetryDecision decide(Throwable error, int attempt) {
        RetryDecision decision = settings.decider().onError(error, attempt, start, settings.clock().instant());
        return retriesPossible || !decision.shouldRetry() ? decision : notRepeatable();
    }

    private static RetryDecision notRepeatable() {
        return RetryDecision.stop(io.github.openaipolicies.retry.implementation.RetryReason.NOT_RETRYABLE_STATUS);
    }

    /** What the gate learns from a response: its status and the counters and delays in its headers. */
    ThrottleFeedback feedback(HttpResponse response) {
        return GateReports.feedback(response.statusCode(), OpenAIJavaHeaders.of(response.headers()),
            settings.wallClock());
    }

    /** Reports to the gate; a gate that fails to take it costs what it would have learned, never the call. */
    void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        GateReports.report(settings.gate(), admission, feedback, LOGGER);
    }

    /**
     * The exception a call ends with when the policies stop on {@code error}: one openai-java's own retry would
     * retry again ({@code IOException}, {@code OpenAIIoException}, {@code OpenAIRetryableException}) is wrapped in a
     * {@link RetriesExhaustedException}, which it does not; any other runtime exception goes on as it is.
     */
    RuntimeException giveUp(Throwable error, int attempts) {
        if (error instanceof IOException || error instanceof OpenAIIoException
            || error instanceof OpenAIRetryableException) {
            return new RetriesExhaustedException(attempts, error);
        }
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return new OpenAIException("The call failed: " + error, error);
    }
}
