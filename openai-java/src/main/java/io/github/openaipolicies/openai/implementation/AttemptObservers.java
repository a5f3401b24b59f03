// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.retry.implementation.RetryDecision;

/** Two observers as one (the log line and the metrics): each sees everything, the first first. */
public final class AttemptObservers implements AttemptObserver {
    private final AttemptObserver first;
    private final AttemptObserver second;

    private AttemptObservers(AttemptObserver first, AttemptObserver second) {
        this.first = first;
        this.second = second;
    }

    /**
     * Both observers; one of them alone when the other is {@link AttemptObserver#NONE}.
     *
     * @param first sees everything first
     * @param second sees everything second
     * @return the observer
     */
    public static AttemptObserver both(AttemptObserver first, AttemptObserver second) {
        if (first == NONE) {
            return second;
        }
        return second == NONE ? first : new AttemptObservers(first, second);
    }

    @Override
    public Attempt start(HttpRequest request, int attempt) {
        Attempt one = first.start(request, attempt);
        Attempt two = second.start(request, attempt);
        if (one == Attempt.NONE) {
            return two;
        }
        return two == Attempt.NONE ? one : new Both(one, two);
    }

    @Override
    public void credential(HttpRequest request, int attempt, String header, boolean refused) {
        first.credential(request, attempt, header, refused);
        second.credential(request, attempt, header, refused);
    }

    private record Both(Attempt first, Attempt second) implements Attempt {
        @Override
        public void waiting(int delta) {
            first.waiting(delta);
            second.waiting(delta);
        }

        @Override
        public void gateFailed(Throwable error) {
            first.gateFailed(error);
            second.gateFailed(error);
        }

        @Override
        public void admitted(ThrottleAdmission admission) {
            first.admitted(admission);
            second.admitted(admission);
        }

        @Override
        public void responded(HttpResponse response, RetryDecision decision) {
            first.responded(response, decision);
            second.responded(response, decision);
        }

        @Override
        public void failed(Throwable error, RetryDecision decision) {
            first.failed(error, decision);
            second.failed(error, decision);
        }
    }
}
