// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIException;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.retry.implementation.RetryDecision;

import java.time.Duration;

/** One call on the caller's thread: gate, send, report, decide, wait, until a response or error is final. */
final class SyncCall extends PolicyCall {
    private final HttpClient transport;

    SyncCall(HttpClient transport, CallSettings settings, HttpRequest request, RequestOptions options) {
        super(settings, request, options);
        this.transport = transport;
    }

    HttpResponse run() {
        for (int attempt = 1;; attempt++) {
            HttpRequest attemptRequest = attemptRequest(attempt);
            AttemptObserver.Attempt observed = settings.observer().start(attemptRequest, attempt);
            ThrottleAdmission admission = admit(observed);
            observed.admitted(admission);
            HttpResponse response;
            try {
                response = transport.execute(attemptRequest, options);
            } catch (Throwable error) {
                report(admission, ThrottleFeedback.error(error));
                RetryDecision decision = decide(error, attempt);
                observed.failed(error, decision);
                if (!decision.shouldRetry()) {
                    throw giveUp(error, attempt);
                }
                sleep(decision.delay(), attempt, error);
                continue;
            }
            report(admission, feedback(response));
            RetryDecision decision;
            try {
                if (needsErrorCode(response, attempt)) {
                    response = buffered(response);
                }
                decision = decide(response, attempt);
            } catch (RuntimeException unreadable) {
                response.close();
                RetryDecision afterError = decide(unreadable, attempt);
                observed.failed(unreadable, afterError);
                if (!afterError.shouldRetry()) {
                    throw giveUp(unreadable, attempt);
                }
                sleep(afterError.delay(), attempt, unreadable);
                continue;
            }
            observed.responded(response, decision);
            if (!decision.shouldRetry()) {
                return NoRetryResponse.of(response);
            }
            response.close();
            sleep(decision.delay(), attempt, null);
        }
    }

    private ThrottleAdmission admit(AttemptObserver.Attempt observed) {
        ThrottleRequest throttle = throttleRequest();
        if (throttle == null) {
            return null;
        }
        ThrottleAdmission admission = settings.gate().tryAcquireNow(throttle);
        if (admission != null) {
            return admission;
        }
        observed.waiting(1);
        try {
            return settings.gate().acquireSync(throttle);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            OpenAIException interrupted = new OpenAIException("Interrupted while waiting in the throttle gate for '"
                + throttle.quotaKey() + "'; the call was abandoned.", e);
            observed.gateFailed(interrupted);
            throw interrupted;
        } catch (RuntimeException | Error gateFailure) {
            observed.gateFailed(gateFailure);
            throw gateFailure;
        } finally {
            observed.waiting(-1);
        }
    }

    private void sleep(Duration delay, int attempt, Throwable retried) {
        try {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted before retry attempt " + (attempt + 1));
            }
            if (!delay.isZero()) {
                settings.sleeper().sleep(delay);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            OpenAIException interrupted = new OpenAIException("Interrupted while waiting " + delay.toMillis()
                + " ms before retry attempt " + (attempt + 1) + "; the call was abandoned.", e);
            if (retried != null) {
                interrupted.addSuppressed(retried);
            }
            throw interrupted;
        }
    }
}
