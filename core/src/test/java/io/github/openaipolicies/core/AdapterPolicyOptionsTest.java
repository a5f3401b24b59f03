// Licensed under the MIT License.
package io.github.openaipolicies.core;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options every adapter shares: defaults, fluent setters that name the option they refuse, copies, text. */
class AdapterPolicyOptionsTest {
    /** An adapter's options, as the adapters declare theirs. */
    static final class SomeAdapterOptions extends AdapterPolicyOptions<SomeAdapterOptions> {
        SomeAdapterOptions() {
        }

        SomeAdapterOptions(SomeAdapterOptions other) {
            super(other);
        }
    }

    @Test
    void defaultsAreTheSharedGateTheDefaultRetryLinesAndNoMetrics() {
        SomeAdapterOptions options = new SomeAdapterOptions();

        assertThat(options.getThrottleGate()).isSameAs(ThrottleGate.shared());
        assertThat(options.getRetryOptions().getMaxRetries()).isEqualTo(new RetryAfterOptions().getMaxRetries());
        assertThat(options.getLoggingOptions().isEnabled()).isTrue();
        assertThat(options.getMetricsSink()).isSameAs(PipelineMetricsSink.NONE);
        assertThat(options.toString()).startsWith("SomeAdapterOptions{").contains("metricsSink=none");
    }

    @Test
    void settersAreFluentAndTheGateMayBeNone() {
        RetryAfterOptions retry = new RetryAfterOptions().setMaxRetries(7);
        AttemptLoggingOptions logging = new AttemptLoggingOptions().setEnabled(false);
        RecordingSink sink = new RecordingSink();
        SomeAdapterOptions options = new SomeAdapterOptions();

        SomeAdapterOptions returned = options.setRetryOptions(retry).setThrottleGate(null).setLoggingOptions(logging)
            .setMetricsSink(sink);

        assertThat(returned).isSameAs(options);
        assertThat(options.getRetryOptions()).isSameAs(retry);
        assertThat(options.getThrottleGate()).isNull();
        assertThat(options.getLoggingOptions()).isSameAs(logging);
        assertThat(options.getMetricsSink()).isSameAs(sink);
        assertThat(options.toString()).contains("retryOptions=" + retry, "throttleGate=null",
            "loggingOptions=" + logging, "metricsSink=RecordingSink}");
    }

    @Test
    void nullIsRefusedNamingTheOption() {
        SomeAdapterOptions options = new SomeAdapterOptions();

        assertThatThrownBy(() -> options.setRetryOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'retryOptions'");
        assertThatThrownBy(() -> options.setLoggingOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'loggingOptions'");
        assertThatThrownBy(() -> options.setMetricsSink(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'metricsSink'");
        assertThatThrownBy(() -> new SomeAdapterOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'other'");
    }

    @Test
    void aCopyOwnsItsRetryAndLoggingAndSharesTheGateAndSink() {
        ThrottleGate gate = ThrottleGate.create();
        RecordingSink sink = new RecordingSink();
        SomeAdapterOptions original = new SomeAdapterOptions().setThrottleGate(gate).setMetricsSink(sink)
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(4))
            .setLoggingOptions(new AttemptLoggingOptions().setEnabled(false));

        SomeAdapterOptions copy = new SomeAdapterOptions(original);
        original.getRetryOptions().setMaxRetries(9).setMaxRetryAfter(Duration.ofSeconds(5));
        original.getLoggingOptions().setEnabled(true);

        assertThat(copy.getRetryOptions().getMaxRetries()).isEqualTo(4);
        assertThat(copy.getLoggingOptions().isEnabled()).isFalse();
        assertThat(copy.getThrottleGate()).isSameAs(gate);
        assertThat(copy.getMetricsSink()).isSameAs(sink);
    }
}
