// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.retry.implementation.RetryDecision;

/**
 * One attempt's line as every slf4j adapter builds it: started from the request's method, URL and headers, then the
 * gate's hold, then the response or the error, the duration, and what the retry decided, written by
 * {@link Slf4jAttemptLog}. The adapters only turn their own request and response types into these arguments.
 */
public final class LoggedAttempt {
    private final Slf4jAttemptLog log;
    private final AttemptLogLine line;
    private final HeaderLookup requestHeaders;
    private final long startNanos;

    private LoggedAttempt(Slf4jAttemptLog log, AttemptLogLine line, HeaderLookup requestHeaders, long startNanos) {
        this.log = log;
        this.line = line;
        this.requestHeaders = requestHeaders;
        this.startNanos = startNanos;
    }

    /**
     * Starts an attempt's line, or nothing when the logger takes neither the success nor the failure level.
     *
     * @param log the writer
     * @param method the request's method
     * @param url the request's URL
     * @param requestHeaders the request's headers
     * @param attempt the attempt number, 1 for the first
     * @return the attempt's line, or null when no line could be written
     */
    public static LoggedAttempt start(Slf4jAttemptLog log, String method, String url, HeaderLookup requestHeaders,
        int attempt) {
        if (!log.anyEnabled()) {
            return null;
        }
        return new LoggedAttempt(log, AttemptLogLine.start(method, url, requestHeaders, null, attempt, log.config()),
            requestHeaders, System.nanoTime());
    }

    /**
     * The gate let the attempt go: a hold goes into the line with its reason, an admission at once adds nothing.
     *
     * @param admission the admission, null without a gate
     */
    public void admitted(ThrottleAdmission admission) {
        if (admission != null && admission.wasHeld()) {
            line.gateHold(admission.getHeld().toMillis(), admission.getReason().description());
        }
    }

    /**
     * The attempt was answered: writes the line, as a failure from status 400 on.
     *
     * @param statusCode the response's status
     * @param responseHeaders the response's headers
     * @param decision what the retry decided after the attempt
     */
    public void responded(int statusCode, HeaderLookup responseHeaders, RetryDecision decision) {
        line.response(statusCode, responseHeaders, requestHeaders);
        emit(decision, statusCode >= 400);
    }

    /**
     * The attempt failed without an answer: writes the line as a failure.
     *
     * @param error what it failed with
     * @param decision what the retry decided after the attempt
     */
    public void failed(Throwable error, RetryDecision decision) {
        line.error(error);
        emit(decision, true);
    }

    private void emit(RetryDecision decision, boolean failed) {
        line.duration(System.nanoTime() - startNanos);
        log.emit(line, decision, failed);
    }
}
