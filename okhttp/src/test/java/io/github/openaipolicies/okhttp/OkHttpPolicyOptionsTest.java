// Licensed under the MIT License.
package io.github.openaipolicies.okhttp;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options: defaults, fluent setters that name the option they refuse, and copies. */
class OkHttpPolicyOptionsTest {
    @Test
    void defaultsAreTheSharedGateTheDefaultRetryLinesAndNoMetrics() {
        OkHttpPolicyOptions options = new OkHttpPolicyOptions();

        assertThat(options.getThrottleGate()).isSameAs(ThrottleGate.shared());
        assertThat(options.getRetryOptions().getMaxRetries()).isEqualTo(new RetryAfterOptions().getMaxRetries());
        assertThat(options.getLoggingOptions().isEnabled()).isTrue();
        assertThat(options.getMetricsSink()).isSameAs(PipelineMetricsSink.NONE);
    }

    @Test
    void settersAreFluentAndTheGateMayBeNone() {
        RetryAfterOptions retry = new RetryAfterOptions().setMaxRetries(7);
        AttemptLoggingOptions logging = new AttemptLoggingOptions().setEnabled(false);
        RecordingSink sink = new RecordingSink();
        OkHttpPolicyOptions options = new OkHttpPolicyOptions();

        assertThat(options.setRetryOptions(retry).setThrottleGate(null).setLoggingOptions(logging)
            .setMetricsSink(sink)).isSameAs(options);

        assertThat(options.getRetryOptions()).isSameAs(retry);
        assertThat(options.getThrottleGate()).isNull();
        assertThat(options.getLoggingOptions()).isSameAs(logging);
        assertThat(options.getMetricsSink()).isSameAs(sink);
        assertThat(options.toString()).contains("throttleGate=null", "metricsSink=");
    }

    @Test
    void nullIsRefusedNamingTheOption() {
        OkHttpPolicyOptions options = new OkHttpPolicyOptions();

        assertThatThrownBy(() -> options.setRetryOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'retryOptions'");
        assertThatThrownBy(() -> options.setLoggingOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'loggingOptions'");
        assertThatThrownBy(() -> options.setMetricsSink(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'metricsSink'");
        assertThatThrownBy(() -> new OkHttpPolicyOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'other'");
    }

    @Test
    void aCopyOwnsItsRetryAndLoggingAndSharesTheGateAndSink() {
        ThrottleGate gate = ThrottleGate.create();
        RecordingSink sink = new RecordingSink();
        OkHttpPolicyOptions original = new OkHttpPolicyOptions().setThrottleGate(gate).setMetricsSink(sink)
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(4))
            .setLoggingOptions(new AttemptLoggingOptions().setEnabled(false));

        OkHttpPolicyOptions copy = new OkHttpPolicyOptions(original);
        original.getRetryOptions().setMaxRetries(9).setMaxRetryAfter(Duration.ofSeconds(5));
        original.getLoggingOptions().setEnabled(true);

        assertThat(copy.getRetryOptions().getMaxRetries()).isEqualTo(4);
        assertThat(copy.getLoggingOptions().isEnabled()).isFalse();
        assertThat(copy.getThrottleGate()).isSameAs(gate);
        assertThat(copy.getMetricsSink()).isSameAs(sink);
    }
}
