// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import okhttp3.Request;
import okhttp3.Response;

/** Sees every attempt of a call: the log line hangs here. Must not throw. */
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
    Attempt start(Request request, int attempt);

    /** One attempt's outcome. */
    interface Attempt {
        /** Observes nothing. */
        Attempt NONE = new Attempt() {
        };

        /**
         * The gate let the attempt go.
         *
         * @param admission the admission, null without a gate
         */
        default void admitted(ThrottleAdmission admission) {
        }

        /**
         * The attempt got a response, and what was decided after it.
         *
         * @param response the response (its body not read)
         * @param decision the retry decision
         */
        default void responded(Response response, RetryDecision decision) {
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
