// Licensed under the MIT License.
/**
 * The policies' metrics through azure-core's {@code com.azure.core.util.metrics}: the instruments
 * ({@link io.github.openaipolicies.implementation.metrics.PipelineMeters}) and the attributes precomputed per quota
 * key ({@link io.github.openaipolicies.implementation.metrics.KeyMetrics}). Not public API.
 */
package io.github.openaipolicies.implementation.metrics;
