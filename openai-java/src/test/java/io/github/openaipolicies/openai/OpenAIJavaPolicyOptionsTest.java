// Licensed under the MIT License.
package io.github.openaipolicies.openai;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAIJavaPolicyOptionsTest {
    @Test
    void defaultsAreTheSharedGateDefaultRetryAndLogging() {
        OpenAIJavaPolicyOptions options = new OpenAIJavaPolicyOptions();

        assertThat(options.getThrottleGate()).isSameAs(ThrottleGate.shared());
        assertThat(options.getRetryOptions().getMaxRetries())
            .isEqualTo(new RetryAfterOptions().getMaxRetries());
        assertThat(options.getLoggingOptions().isEnabled()).isTrue();
        assertThat(options.getMetricsSink()).isSameAs(PipelineMetricsSink.NONE);
        assertThat(options.toString()).contains("metricsSink=none");
    }

    @Test
    void theCopySharesTheMetricsSink() {
        RecordingSink sink = new RecordingSink();

        OpenAIJavaPolicyOptions copy = new OpenAIJavaPolicyOptions(new OpenAIJavaPolicyOptions().setMetricsSink(sink));

        assertThat(copy.getMetricsSink()).isSameAs(sink);
        assertThat(copy.toString()).contains("metricsSink=RecordingSink");
    }

    @Test
    void noGateIsAllowed() {
        assertThat(new OpenAIJavaPolicyOptions().setThrottleGate(null).getThrottleGate()).isNull();
    }

    @Test
    void theCopyHasItsOwnRetryAndLoggingAndSharesTheGate() {
        ThrottleGate gate = ThrottleGate.create();
        OpenAIJavaPolicyOptions original = new OpenAIJavaPolicyOptions().setThrottleGate(gate)
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(7))
            .setLoggingOptions(new AttemptLoggingOptions().setEnabled(false));

        OpenAIJavaPolicyOptions copy = new OpenAIJavaPolicyOptions(original);
        original.getRetryOptions().setMaxRetries(1);
        original.getLoggingOptions().setEnabled(true);

        assertThat(copy.getThrottleGate()).isSameAs(gate);
        assertThat(copy.getRetryOptions().getMaxRetries()).isEqualTo(7);
        assertThat(copy.getLoggingOptions().isEnabled()).isFalse();
        assertThat(copy.toString()).contains("retryOptions=", "throttleGate=", "loggingOptions=");
    }

    @Test
    void nullsAreRefusedNamingTheOption() {
        OpenAIJavaPolicyOptions options = new OpenAIJavaPolicyOptions();

        assertThatThrownBy(() -> options.setRetryOptions(null)).hasMessageContaining("'retryOptions'");
        assertThatThrownBy(() -> options.setLoggingOptions(null)).hasMessageContaining("'loggingOptions'");
        assertThatThrownBy(() -> new OpenAIJavaPolicyOptions(null)).hasMessageContaining("'other'");
        assertThatThrownBy(() -> options.setMetricsSink(null)).hasMessageContaining("'metricsSink'");
    }
}
