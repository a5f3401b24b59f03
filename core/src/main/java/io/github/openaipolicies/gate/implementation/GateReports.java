// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import org.slf4j.Logger;

import java.time.Clock;

/**
 * What the adapters that log through slf4j tell the gate after an attempt, the same way: the feedback a response
 * gives, and the report itself, which never costs the call.
 */
public final class GateReports {
    private GateReports() {
    }

    /**
     * What the gate learns from a response: its status and the counters and delays in its headers; headers that
     * cannot be read become an error feedback.
     *
     * @param statusCode the response's status
     * @param headers the response's headers
     * @param wallClock the clock an HTTP-date {@code Retry-After} is read against
     * @return the feedback
     */
    public static ThrottleFeedback feedback(int statusCode, HeaderLookup headers, Clock wallClock) {
        try {
            return ThrottleHeaders.feedback(statusCode, headers, wallClock);
        } catch (RuntimeException unreadable) {
            return ThrottleFeedback.error(unreadable);
        }
    }

    /**
     * Reports an attempt's outcome to the gate; a gate that fails to take it costs what it would have learned (a
     * warning naming the quota key and the exception's class), never the call.
     *
     * @param gate the gate
     * @param admission the attempt's admission; null (no admission) reports nothing
     * @param feedback the outcome
     * @param logger where the warning goes, the adapter's own logger
     */
    public static void report(ThrottleGate gate, ThrottleAdmission admission, ThrottleFeedback feedback,
        Logger logger) {
        if (admission == null) {
            return;
        }
        try {
            gate.report(admission, feedback);
        } catch (RuntimeException e) {
            logger.warn("The throttle gate failed to take an attempt's outcome for quota key '{}' ({}); the call "
                + "goes on without it.", admission.getQuotaKey(), e.getClass().getName());
        }
    }
}
