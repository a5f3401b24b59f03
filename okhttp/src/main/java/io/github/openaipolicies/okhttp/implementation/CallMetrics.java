// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.implementation.QuotaKey;
import io.github.openaipolicies.gate.implementation.QuotaKeys;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import io.github.openaipolicies.metrics.implementation.MetricNames;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.github.openaipolicies.retry.implementation.RetryDecision;

import java.util.Map;

/** What one call records: the instruments of its request's default quota key, as the azure-core adapter does. */
final class CallMetrics {
    private CallMetrics() {
    }

    /** The key's instruments, or null when metrics are off (then nothing is done at all). */
    static KeyMetrics of(PipelineInstruments instruments, RequestView request) {
        return instruments.enabled()
            ? instruments.forKey(QuotaKeys.of(request), request, CallMetrics::keyAttributes) : null;
    }

    /** Counts an attempt ({@code status} null: it ended in an error) and what was decided after it. */
    static void decided(KeyMetrics metrics, RetryDecision decision, int attempt, Integer status) {
        if (metrics == null) {
            return;
        }
        if (status == null) {
            metrics.attemptFailed(attempt > 1);
        } else {
            metrics.attempt(status, attempt > 1);
        }
        metrics.decided(decision);
    }

    private static Map<String, Object> keyAttributes(RequestView request) {
        QuotaKey key = QuotaKeys.describe(request);
        return MetricNames.keyAttributes(key.host(), key.deployment(), key.model(), key.api());
    }
}
