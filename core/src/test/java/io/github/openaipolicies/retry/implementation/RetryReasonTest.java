// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.LogLevel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented levels: a retry is INFO, a stop that fails the call is WARNING, a stop that is the answer VERBOSE. */
class RetryReasonTest {
    private static final Set<RetryReason> FAILING_STOPS = EnumSet.of(RetryReason.INSUFFICIENT_QUOTA,
        RetryReason.UNFIXABLE_ERROR, RetryReason.RETRIES_EXHAUSTED, RetryReason.RETRY_AFTER_ABOVE_MAX,
        RetryReason.TIMEOUT_BUDGET_EXCEEDED);

    @Test
    void eachReasonIsLoggedAtItsDocumentedLevel() {
        for (RetryReason reason : RetryReason.values()) {
            LogLevel expected = reason.isRetry() ? LogLevel.INFORMATIONAL
                : FAILING_STOPS.contains(reason) ? LogLevel.WARNING : LogLevel.VERBOSE;
            assertThat(reason.logLevel()).as(reason.name()).isEqualTo(expected);
        }
    }

    @Test
    void exactlyTheThreeRetryReasonsRetry() {
        assertThat(Arrays.stream(RetryReason.values()).filter(RetryReason::isRetry)).containsExactlyInAnyOrder(
            RetryReason.RETRYABLE_STATUS, RetryReason.SERVER_REQUESTED_RETRY, RetryReason.RETRYABLE_ERROR);
    }

    @Test
    void descriptionsAreTheLoggedOnes() {
        assertThat(RetryReason.RETRYABLE_STATUS.description()).isEqualTo("retryable status");
        assertThat(RetryReason.INSUFFICIENT_QUOTA.description()).isEqualTo("insufficient_quota");
        assertThat(RetryReason.RETRIES_OFF.description()).isEqualTo("retries turned off (maxRetries 0)");
        assertThat(Arrays.stream(RetryReason.values()).map(RetryReason::description).distinct())
            .hasSize(RetryReason.values().length);
    }
}
