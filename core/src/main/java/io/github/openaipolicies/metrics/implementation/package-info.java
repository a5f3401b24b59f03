// Licensed under the MIT License.
/**
 * What the library decides about its metrics, whatever the adapter: the instruments' names, units and attributes
 * ({@link io.github.openaipolicies.metrics.implementation.MetricNames}), the instruments of each quota key with the
 * cap on distinct keys ({@link io.github.openaipolicies.metrics.implementation.PipelineInstruments},
 * {@link io.github.openaipolicies.metrics.implementation.KeyMetrics}) and the reasons a call is stopped
 * ({@link io.github.openaipolicies.metrics.implementation.CallStop}). Not API: may change in any release.
 */
package io.github.openaipolicies.metrics.implementation;
