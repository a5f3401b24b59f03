// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.retry.implementation.RetryDecision;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One call without blocking any thread: each step runs when the future before it completes (the gate's admission,
 * the transport's response, the wait before a retry). The returned future is the call's: cancelling it cancels the
 * step in progress (a waiting attempt leaves the gate's queue, a response still coming is closed when it comes, and
 * its admission is reported abandoned).
 */
final class AsyncCall extends PolicyCall {
    private final HttpClient transport;
    private final CompletableFuture<HttpResponse> result = new CompletableFuture<>();
    /** The step in progress, cancelled with the call. */
    private volatile CompletableFuture<?> step;

    AsyncCall(HttpClient transport, CallSettings settings, HttpRequest request, RequestOptions options) {
        super(settings, request, options);
        this.transport = transport;
    }

    CompletableFuture<HttpResponse> start() {
        result.whenComplete((response, error) -> {
            if (result.isCancelled()) {
                cancelStep();
            }
        });
        attempt(1);
        return result;
    }

    private void attempt(int attempt) {
        if (result.isDone()) {
            return;
        }
        HttpRequest attemptRequest;
        try {
            attemptRequest = attemptRequest(attempt);
        } catch (RuntimeException refused) {
            result.completeExceptionally(refused);
            return;
        }
        AttemptObserver.Attempt observed = settings.observer().start(attemptRequest, attempt);
        ThrottleRequest throttle = throttleRequest();
        ThrottleAdmission now = throttle == null ? null : settings.gate().tryAcquireNow(throttle);
        if (throttle == null || now != null) {
            send(attempt, attemptRequest, observed, now);
            return;
        }
        CompletableFuture<ThrottleAdmission> admission;
        try {
            admission = settings.gate().acquire(throttle);
        } catch (RuntimeException gateFailure) {
            observed.gateFailed(gateFailure);
            result.completeExceptionally(gateFailure);
            return;
        }
        observed.waiting(1);
        track(admission);
        admission.whenComplete((admitted, error) -> {
            observed.waiting(-1);
            if (error == null) {
                send(attempt, attemptRequest, observed, admitted);
            } else if (!(unwrap(error) instanceof CancellationException)) {
                observed.gateFailed(unwrap(error));
                result.completeExceptionally(unwrap(error));
            }
        });
    }

    private void send(int attempt, HttpRequest attemptRequest, AttemptObserver.Attempt observed,
        ThrottleAdmission admission) {
        if (result.isDone()) {
            report(admission, ThrottleFeedback.abandoned());
            return;
        }
        observed.admitted(admission);
        CompletableFuture<HttpResponse> response;
        try {
            response = transport.executeAsync(attemptRequest, options);
        } catch (Throwable thrown) {
            response = CompletableFuture.failedFuture(thrown);
        }
        track(response);
        response.whenComplete((answer, error) -> {
            if (error == null) {
                onResponse(attempt, observed, admission, answer);
            } else {
                onError(attempt, observed, admission, unwrap(error));
            }
        });
    }

    private void onResponse(int attempt, AttemptObserver.Attempt observed, ThrottleAdmission admission,
        HttpResponse response) {
        report(admission, feedback(response));
        if (result.isDone()) {
            response.close();
            return;
        }
        HttpResponse answer = response;
        RetryDecision decision;
        try {
            // Reads a 429's small error body on the thread that completed the response (OkHttp's dispatcher thread,
            // where openai-java reads bodies too), never on the caller's.
            if (needsErrorCode(answer, attempt)) {
                answer = buffered(answer);
            }
            decision = decide(answer, attempt);
        } catch (RuntimeException unreadable) {
            answer.close();
            retryOrFail(attempt, observed, unreadable);
            return;
        }
        observed.responded(answer, decision);
        if (!decision.shouldRetry()) {
            HttpResponse marked = NoRetryResponse.of(answer);
            if (!result.complete(marked)) {
                marked.close();
            }
            return;
        }
        answer.close();
        after(decision.delay(), attempt + 1);
    }

    private void onError(int attempt, AttemptObserver.Attempt observed, ThrottleAdmission admission,
        Throwable error) {
        if (error instanceof CancellationException) {
            report(admission, ThrottleFeedback.abandoned());
            return;
        }
        report(admission, ThrottleFeedback.error(error));
        retryOrFail(attempt, observed, error);
    }

    private void retryOrFail(int attempt, AttemptObserver.Attempt observed, Throwable error) {
        RetryDecision decision = decide(error, attempt);
        observed.failed(error, decision);
        if (!decision.shouldRetry()) {
            failWith(error, attempt);
            return;
        }
        after(decision.delay(), attempt + 1);
    }

    private void failWith(Throwable error, int attempts) {
        try {
            result.completeExceptionally(giveUp(error, attempts));
        } catch (Error fatal) {
            result.completeExceptionally(fatal);
        }
    }

    private void after(Duration delay, int nextAttempt) {
        if (delay.isZero()) {
            attempt(nextAttempt);
            return;
        }
        CompletableFuture<Void> wait = settings.delayer().after(delay);
        track(wait);
        wait.whenComplete((ignored, error) -> {
            if (error == null) {
                attempt(nextAttempt);
            }
        });
    }

    /** Makes {@code next} the step a cancel reaches, and cancels it at once if the call was cancelled already. */
    private void track(CompletableFuture<?> next) {
        step = next;
        if (result.isCancelled()) {
            next.cancel(false);
        }
    }

    private void cancelStep() {
        CompletableFuture<?> current = step;
        if (current != null) {
            current.cancel(false);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
