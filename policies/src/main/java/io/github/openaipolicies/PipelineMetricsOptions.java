// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.util.MetricsOptions;
import com.azure.core.util.metrics.MeterProvider;

/**
 * azure-core's {@link MetricsOptions} that also carry a {@link MeterProvider} instance for this library's metrics
 * (azure-core 1.58.1's {@code MetricsOptions} can only name a provider class found on the class path).
 *
 * <p>Pass these wherever a {@code MetricsOptions} is taken ({@link OpenAIPipelineOptions#setMetricsOptions},
 * {@link OpenAIPipelineBuilder#metricsOptions}, the policies' constructors). With a provider set, the policies create
 * their meter from it; without one they use {@link MeterProvider#getDefaultProvider()}, as with plain
 * {@code MetricsOptions}. {@link #setEnabled(boolean) setEnabled(false)} turns the metrics off either way.</p>
 *
 * <pre>{@code
 * new OpenAIPipelineOptions().setMetricsOptions(new PipelineMetricsOptions().setProvider(myProvider));
 * }</pre>
 */
public final class PipelineMetricsOptions extends MetricsOptions {
    private MeterProvider provider;

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
