// Licensed under the MIT License.
/**
 * Where the library's metrics go, whatever HTTP client and metrics library an application uses: the
 * {@link io.github.openaipolicies.metrics.PipelineMetricsSink} seam. Each adapter bridges it to the metrics API at
 * hand (the azure-core adapter to azure-core's {@code Meter}; a Spring starter to Micrometer's {@code MeterRegistry});
 * the instruments' names, units, descriptions and attributes are decided by the library, so they are the same through
 * every bridge.
 */
package io.github.openaipolicies.metrics;
