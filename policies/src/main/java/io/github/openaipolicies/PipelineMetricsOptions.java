// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.util.MetricsOptions;
import com.azure.core.util.metrics.MeterProvider;
import io.github.openaipolicies.metrics.PipelineMetricsSink;

/**
 * azure-core's {@link MetricsOptions} that also carry a {@link MeterProvider} instance for this library's metrics
 * (azure-core 1.58.1's {@code MetricsOptions} can only name a provider class found on the class path), or a
 * {@link PipelineMetricsSink} that receives them instead of azure-core's metrics (such as
 * {@code io.github.openaipolicies.micrometer.MicrometerMetricsSink} over a Micrometer {@code MeterRegistry}).
 *
 * <p>Pass these wherever a {@code MetricsOptions} is taken ({@link OpenAIPipelineOptions#setMetricsOptions},
 * {@link OpenAIPipelineBuilder#metricsOptions}, the policies' constructors). With a provider set, the policies create
 * their meter from it; without one they use {@link MeterProvider#getDefaultProvider()}, as with plain
 * {@code MetricsOptions}. With a sink set, the policies record through the sink and no azure-core meter is created
 * (the provider is not used). {@link #setEnabled(boolean) setEnabled(false)} turns the metrics off either way.</p>
 *
 * <pre>{@code
 * new OpenAIPipelineOptions().setMetricsOptions(new PipelineMetricsOptions().setProvider(myProvider));
 * new OpenAIPipelineOptions().setMetricsOptions(new PipelineMetricsOptions()
 *     .setMetricsSink(new MicrometerMetricsSink(meterRegistry)));
 * }</pre>
 */
public final class PipelineMetricsOptions extends MetricsOptions {
    private MeterProvider provider;
    private PipelineMetricsSink metricsSink;

    /**
     * Creates options without a provider: enabled unless azure-core's configuration
     * ({@code AZURE_METRICS_DISABLED}) turns metrics off, and the default provider.
     */
    public PipelineMetricsOptions() {
        super(null);
    }

    /**
     * The provider the policies create their meter from.
     *
     * @return the provider, or null for {@link MeterProvider#getDefaultProvider()}
     */
    public MeterProvider getProvider() {
        return provider;
    }

    /**
     * Sets the provider the policies create their meter from, e.g. one that records in memory for a report or a
     * test.
     *
     * @param provider the provider, or null for {@link MeterProvider#getDefaultProvider()}
     * @return these options
     */
    public PipelineMetricsOptions setProvider(MeterProvider provider) {
        this.provider = provider;
        return this;
    }

    /**
     * The sink the policies record through instead of azure-core's metrics.
     *
     * @return the sink, or null for azure-core's metrics (the provider)
     */
    public PipelineMetricsSink getMetricsSink() {
        return metricsSink;
    }

    /**
     * Sets a sink the policies record through instead of azure-core's metrics: the same instruments, names, units
     * and attributes, in any metrics library the sink bridges to. {@link PipelineMetricsSink#NONE} records nothing.
     *
     * @param metricsSink the sink, or null for azure-core's metrics (the provider)
     * @return these options
     */
    public PipelineMetricsOptions setMetricsSink(PipelineMetricsSink metricsSink) {
        this.metricsSink = metricsSink;
        return this;
    }

    /**
     * Turns this library's metrics on or off.
     *
     * @param enabled false: the policies record nothing
     * @return these options
     */
    @Override
    public PipelineMetricsOptions setEnabled(boolean enabled) {
        super.setEnabled(enabled);
        return this;
    }
}
