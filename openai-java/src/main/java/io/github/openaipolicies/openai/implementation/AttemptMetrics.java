// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.implementation.QuotaKey;
import io.github.openaipolicies.gate.implementation.QuotaKeys;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.implementation.CallStop;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import io.github.openaipolicies.metrics.implementation.MetricNames;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.github.openaipolicies.retry.implementation.RetryDecision;

import java.util.Map;

/**
 * The metrics of every attempt, through the core's instruments and a {@link PipelineMetricsSink}, as the azure-core
 * policies record them (see {@code docs/metrics.md}): attempts by status class and retry (an attempt the gate or the
 * credential rule ended counts as failed, as an exception reaching the azure-core retry does), retries by reason with
 * the server's delay, calls stopped by a limit or the gate's deadline, time held in the gate, attempts waiting in it,
 * and credential headers collapsed or refused. Attributes are those of the request's default quota key.
 */
public final class AttemptMetrics implements AttemptObserver {
    private final PipelineInstruments instruments;

    private AttemptMetrics(PipelineInstruments instruments) {
        this.instruments = instruments;
    }

    /**
     * The observer that records into a sink.
     *
     * @param sink the sink
     * @return the observer, {@link AttemptObserver#NONE} for {@link PipelineMetricsSink#NONE}
     */
    public static AttemptObserver of(PipelineMetricsSink sink) {
        PipelineInstruments instruments = PipelineInstruments.of(sink);
        return instruments.enabled() ? new AttemptMetrics(instruments) : NONE;
    }

    @Override
    public Attempt start(HttpRequest request, int attempt) {
        return new Measured(forRequest(request), attempt > 1);
    }

    @Override
    public void credential(HttpRequest request, int attempt, String header, boolean refused) {
        KeyMetrics metrics = forRequest(request);
        metrics.credential(header, refused);
        if (refused) {
            metrics.attemptFailed(attempt > 1);
        }
    }

    private KeyMetrics forRequest(HttpRequest request) {
        OpenAIJavaRequestView view = new OpenAIJavaRequestView(request);
        return instruments.forKey(QuotaKeys.of(view), view, AttemptMetrics::keyAttributes);
    }

    private static Map<String, Object> keyAttributes(OpenAIJavaRequestView request) {
        QuotaKey key = QuotaKeys.describe(request);
        return MetricNames.keyAttributes(key.host(), key.deployment(), key.model(), key.api());
    }

    private record Measured(KeyMetrics metrics, boolean retry) implements Attempt {
        @Override
        public void waiting(int delta) {
            metrics.waiting(delta);
        }

        @Override
        public void gateFailed(Throwable error) {
            metrics.attemptFailed(retry);
            if (error instanceof ThrottleGateTimeoutException) {
                metrics.stopped(CallStop.GATE_TIMEOUT);
            }
        }

        @Override
        public void admitted(ThrottleAdmission admission) {
            if (admission != null) {
                metrics.held(admission.getHeld(), admission.getReason().name());
            }
        }

        @Override
        public void responded(HttpResponse response, RetryDecision decision) {
            metrics.attempt(response.statusCode(), retry);
            metrics.decided(decision);
        }

        @Override
        public void failed(Throwable error, RetryDecision decision) {
            metrics.attemptFailed(retry);
            metrics.decided(decision);
        }
    }
}
