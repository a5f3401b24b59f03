// Licensed under the MIT License.
/**
 * The library's metrics in Micrometer: {@link io.github.openaipolicies.micrometer.MicrometerMetricsSink}, a
 * {@link io.github.openaipolicies.metrics.PipelineMetricsSink} over a {@code MeterRegistry}, for the azure-core
 * adapter ({@code PipelineMetricsOptions.setMetricsSink}), the openai-java adapter
 * ({@code OpenAIJavaPolicyOptions.setMetricsSink}) and the Spring starters, which use it when the application has a
 * {@code MeterRegistry} bean.
 */
package io.github.openaipolicies.micrometer;
