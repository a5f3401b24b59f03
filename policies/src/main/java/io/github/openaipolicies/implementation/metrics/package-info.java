// Licensed under the MIT License.
/**
 * The policies' metrics through azure-core's {@code com.azure.core.util.metrics}: the bridge from azure-core's
 * {@code Meter} to the core's instruments ({@link io.github.openaipolicies.implementation.metrics.PipelineMeters}) and
 * the gauge of the in-memory gate's reclaimed leases. What is recorded, and with which attributes, is decided in the
 * core ({@code io.github.openaipolicies.metrics.implementation}). Not public API.
 */
package io.github.openaipolicies.implementation.metrics;
