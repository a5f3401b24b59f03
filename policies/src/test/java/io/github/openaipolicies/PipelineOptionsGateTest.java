// Licensed under the MIT License.
package io.github.openaipolicies;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline options' gate, and the gate's defaults that must agree with the retry's (the gate's own: core). */
class PipelineOptionsGateTest {
    @Test
    void theGatesLongestHoldIsTheRetrysLongestDelay() {
        assertThat(ThrottleGateOptions.DEFAULT_MAX_RETRY_AFTER).isEqualTo(RetryAfterOptions.DEFAULT_MAX_RETRY_AFTER);
        assertThat(new ThrottleGateOptions().getMaxRetryAfter())
            .isEqualTo(new RetryAfterOptions().getMaxRetryAfter());
    }

    @Test
    void pipelineOptionsDefaultToTheSharedGateAndNullTurnsItOff() {
        OpenAIPipelineOptions options = new OpenAIPipelineOptions();
        assertThat(options.getThrottleGate()).isSameAs(ThrottleGate.shared()).isNotSameAs(ThrottleGate.create());
        assertThat(options.getRetryOptions().getMaxRetries()).isEqualTo(RetryAfterOptions.DEFAULT_MAX_RETRIES);
        assertThat(options.getLoggingOptions().getMaxBodyLogSize())
            .isEqualTo(RequestLoggingOptions.DEFAULT_MAX_BODY_LOG_SIZE);

        RetryAfterOptions retry = new RetryAfterOptions().setMaxRetries(2);
        RequestLoggingOptions logging = new RequestLoggingOptions();
        assertThat(options.setThrottleGate(null).setRetryOptions(retry).setLoggingOptions(logging)).isSameAs(options);
        assertThat(options.getThrottleGate()).isNull();
        assertThat(options.getRetryOptions()).isSameAs(retry);
        assertThat(options.getLoggingOptions()).isSameAs(logging);
        assertThatThrownBy(() -> options.setRetryOptions(null)).isInstanceOf(NullPointerException.class);
    }
}
