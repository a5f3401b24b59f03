// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.retry.implementation.RetryDecision;

/** Sees every attempt of a call: the log line and the metrics hang here. Must not throw. */
public interface AttemptObserver {
    /** Sees nothing. */
    AttemptObserver NONE = (request, attempt) -> Attempt.NONE;

    /**
     * An attempt is about to be sent.
     *
     * @param request the attempt's request, as sent
     * @param attempt the attempt number, 1 for the first
     * @return what observes the rest of this attempt
     */
    Attempt start(HttpRequest request, int attempt);

    /**
     * An attempt's credential header carried several values, before the attempt starts: identical ones collapsed to
     * one, or different ones refused (the call then ends with a {@code DuplicateCredentialException}, nothing sent).
     *
     * @param request the request as the call was given it
     * @param attempt the attempt number, 1 for the first
     * @param header the header's name, lower case
     * @param refused true when the attempt was refused
     */
    default void credential(HttpRequest request, int attempt, String header, boolean refused) {
    }

    /** One attempt's outcome. */
    interface Attempt {
        /** Observes nothing. */
        Attempt NONE = new Attempt() {
        };

        /**
         * The attempt starts or stops waiting in the gate (it did not go at once).
         *
         * @param delta +1 when it starts waiting, -1 when it stops (admitted, failed or cancelled)
         */
        default void waiting(int delta) {
        }

        /**
         * The gate did not let the attempt go: it would have held it past the call's deadline
         * ({@code ThrottleGateTimeoutException}), the wait was interrupted, or the gate failed. The call ends with it.
         *
         * @param error what the gate ended the attempt with
         */
        default void gateFailed(Throwable error) {
        }

        /**
         * The gate let the attempt go.
         *
         * @param admission the admission
         */
        default void admitted(ThrottleAdmission admission) {
        }

        /**
         * The attempt got a response, and what was decided after it.
         *
         * @param response the response (its body not read)
         * @param decision the retry decision
         */
        default void responded(HttpResponse response, RetryDecision decision) {
        }

        /**
         * The attempt ended in an error, and what was decided after it.
         *
         * @param error the error
         * @param decision the retry decision
         */
        default void failed(Throwable error, RetryDecision decision) {
        }
    }
}
