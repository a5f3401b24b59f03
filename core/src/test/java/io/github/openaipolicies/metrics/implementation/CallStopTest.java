// Licensed under the MIT License.
package io.github.openaipolicies.metrics.implementation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CallStopTest {
    @Test
    void theRetryReasonsThatAreStopsByALimitMapToTheirStop() {
        assertThat(CallStop.ofRetryReason("RETRIES_EXHAUSTED")).isEqualTo(CallStop.RETRIES_EXHAUSTED);
        assertThat(CallStop.ofRetryReason("RETRY_AFTER_ABOVE_MAX")).isEqualTo(CallStop.RETRY_AFTER_ABOVE_MAX);
        assertThat(CallStop.ofRetryReason("TIMEOUT_BUDGET_EXCEEDED")).isEqualTo(CallStop.TIMEOUT_BUDGET_EXCEEDED);
        assertThat(CallStop.ofRetryReason("INSUFFICIENT_QUOTA")).isEqualTo(CallStop.INSUFFICIENT_QUOTA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETRYABLE_STATUS", "SERVER_REQUESTED_RETRY", "RETRYABLE_ERROR", "NOT_RETRYABLE_STATUS",
        "SERVER_REFUSED_RETRY", "NOT_RETRYABLE_ERROR", "UNFIXABLE_ERROR", "RETRIES_OFF", "GATE_TIMEOUT"})
    void everyOtherReasonIsNoStopByALimit(String reason) {
        assertThat(CallStop.ofRetryReason(reason)).isNull();
    }

    @Test
    void theAttributeValueIsTheLowerCaseName() {
        assertThat(CallStop.values()).extracting(CallStop::attributeValue).containsExactly("retries_exhausted",
            "retry_after_above_max", "timeout_budget_exceeded", "insufficient_quota", "gate_timeout");
    }
}
