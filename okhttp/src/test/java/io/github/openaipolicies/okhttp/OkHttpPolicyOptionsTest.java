// Licensed under the MIT License.
package io.github.openaipolicies.okhttp;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapter's options class over the core's {@code AdapterPolicyOptions} (whose own test covers defaults,
 * validation and copies): its setters chain as this class, its copy constructor copies, its text names it.
 */
class OkHttpPolicyOptionsTest {
    @Test
    void settersChainAsThisClassAndTheCopyCopies() {
        ThrottleGate gate = ThrottleGate.create();
        RecordingSink sink = new RecordingSink();
        OkHttpPolicyOptions original = new OkHttpPolicyOptions().setRetryOptions(new RetryAfterOptions().setMaxRetries(7))
            .setThrottleGate(gate).setMetricsSink(sink);

        OkHttpPolicyOptions copy = new OkHttpPolicyOptions(original);
        original.getRetryOptions().setMaxRetries(1);

        assertThat(copy.getRetryOptions().getMaxRetries()).isEqualTo(7);
        assertThat(copy.getThrottleGate()).isSameAs(gate);
        assertThat(copy.getMetricsSink()).isSameAs(sink);
        assertThat(copy.toString()).startsWith("OkHttpPolicyOptions{").contains("metricsSink=RecordingSink");
        assertThat(new OkHttpPolicyOptions().toString()).contains("metricsSink=none");
    }

    @Test
    void nullIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> new OkHttpPolicyOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'other'");
        assertThatThrownBy(() -> new OkHttpPolicyOptions().setRetryOptions(null)).hasMessageContaining("'retryOptions'");
    }
}
