// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.client.traits.HttpTrait;
import com.azure.core.http.HttpPipeline;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.implementation.PipelineHardening.GateChoice;
import io.github.openaipolicies.implementation.PipelineHardening;
import io.github.openaipolicies.implementation.StockRetrySwitch;
import io.github.openaipolicies.retry.RetryAfterOptions;

import java.util.Objects;

/**
 * Puts this library's policies into an azure-core client, in the way that fits how the client is built.
 *
 * <ul>
 *     <li>{@link #install(HttpTrait)}: the client is built the standard way ({@code new OpenAIClientBuilder()
 *     .endpoint(...).credential(...)}, or another azure-core builder: see the method for those tested): the builder
 *     keeps its own pipeline and gets our policies added;</li>
 *     <li>{@link #builder()}: you build the {@link HttpPipeline} yourself and pass it to
 *     {@code OpenAIClientBuilder.pipeline(...)}; the builder assembles a complete one;</li>
 *     <li>{@link #harden(HttpPipeline)}: someone else built the pipeline; you get a patched copy, and the original
 *     stays as it was.</li>
 * </ul>
 *
 * <p>In every case one {@link RetryAfterPolicy} is the only retry layer of azure-core's making,
 * {@link RequestLoggingPolicy} logs every attempt, and {@link DedupeAuthPolicy} makes sure every attempt carries
 * exactly one credential. By default a {@link ThrottleGatePolicy} on {@link ThrottleGate#shared()} makes every
 * attempt ask the JVM-wide throttle gate before it goes, so clients built separately in one JVM share one view of
 * each deployment's quota; {@link OpenAIPipelineOptions#setThrottleGate} (or
 * {@link OpenAIPipelineBuilder#throttleGate}) picks another gate, or none with {@code null}.</p>
 */
public final class OpenAIPipelines {
    private OpenAIPipelines() {
    }

    /**
     * Starts a pipeline built by hand, for {@code OpenAIClientBuilder.pipeline(...)}.
     *
     * @return a new builder
     */
    public static OpenAIPipelineBuilder builder() {
        return new OpenAIPipelineBuilder();
    }

    /**
     * Patches a pipeline someone else built. Policies of this library already in it are kept as they are (with their
     * own options and gate); those it lacks are added with default options, a {@link ThrottleGatePolicy} on
     * {@link ThrottleGate#shared()} right after the {@link RetryAfterPolicy}. Hardening twice changes nothing.
     *
     * @param pipeline the pipeline
     * @return the hardened pipeline, see {@link #harden(HttpPipeline, RetryAfterOptions, RequestLoggingOptions)}
     * @throws NullPointerException if {@code pipeline} is null
     */
    public static HttpPipeline harden(HttpPipeline pipeline) {
        Objects.requireNonNull(pipeline, "'pipeline' cannot be null.");
        return PipelineHardening.harden(pipeline, null, null, GateChoice.KEEP, null);
    }

    /**
     * Patches a pipeline someone else built, with the given retry options: a {@link RetryAfterPolicy} already in the
     * pipeline is replaced, in the same place, by one with {@code options}; a {@link RequestLoggingPolicy} and a
     * {@link ThrottleGatePolicy} already in it are kept.
     *
     * @param pipeline the pipeline
     * @param options options of the pipeline's {@link RetryAfterPolicy}
     * @return the hardened pipeline, see {@link #harden(HttpPipeline, RetryAfterOptions, RequestLoggingOptions)}
     * @throws NullPointerException if an argument is null
     */
    public static HttpPipeline harden(HttpPipeline pipeline, RetryAfterOptions options) {
        Objects.requireNonNull(pipeline, "'pipeline' cannot be null.");
        Objects.requireNonNull(options, "'retryOptions' cannot be null.");
        return PipelineHardening.harden(pipeline, options, null, GateChoice.KEEP, null);
    }

    /**
     * Patches a pipeline someone else built. The result uses the same {@code HttpClient}, the same
     * {@code Tracer} and the same policy instances, in the same order, except that:
     * <ul>
     *     <li>every azure-core {@code RetryPolicy} (or subclass) is removed, and a {@link RetryAfterPolicy} takes the
     *     place of the first one; in a pipeline without one, it goes right after the last {@code RequestIdPolicy} or
     *     {@code UserAgentPolicy} (so all attempts of a call carry one {@code x-ms-client-request-id}), or first when
     *     there is neither;</li>
     *     <li>a {@link ThrottleGatePolicy} on {@link ThrottleGate#shared()} goes right after the
     *     {@code RetryAfterPolicy}, unless the pipeline has one already (which is kept);</li>
     *     <li>{@link RequestLoggingPolicy} and then {@link DedupeAuthPolicy} are appended, so they run last on every
     *     attempt;</li>
     *     <li>a {@link RetryAfterPolicy} and a {@link RequestLoggingPolicy} already in the pipeline are replaced, in
     *     the same place, by new ones with the given options: the options are never ignored. A
     *     {@link DedupeAuthPolicy} already there is kept and never doubled.</li>
     * </ul>
     * <p>To choose the gate too, use {@link #harden(HttpPipeline, OpenAIPipelineOptions)}.</p>
     * <p>Retry policies of other libraries (e.g. one that re-sends the same request object) stay where they are:
     * {@code RetryAfterPolicy} in front of them starts each of its attempts from a fresh copy of the request, and
     * {@code DedupeAuthPolicy} at the end removes a credential such a retry has added a second time.</p>
     *
     * <p>The given pipeline is left exactly as it was, and so are its policy instances: azure-core's tracing policy
     * is shared with the new pipeline through a wrapper, so it keeps the tracer and the query allow-list that its own
     * pipeline's {@code ClientOptions} gave it (building a pipeline around the instance itself would reset them).</p>
     *
     * @param pipeline the pipeline
     * @param retryOptions options of the pipeline's {@link RetryAfterPolicy}
     * @param loggingOptions options of the pipeline's {@link RequestLoggingPolicy}
     * @return the hardened pipeline; {@code pipeline} itself when only {@link #harden(HttpPipeline)} was asked and
     * nothing was missing
     * @throws NullPointerException if an argument is null
     */
    public static HttpPipeline harden(HttpPipeline pipeline, RetryAfterOptions retryOptions,
        RequestLoggingOptions loggingOptions) {
        Objects.requireNonNull(pipeline, "'pipeline' cannot be null.");
        Objects.requireNonNull(retryOptions, "'retryOptions' cannot be null.");
        Objects.requireNonNull(loggingOptions, "'loggingOptions' cannot be null.");
        return PipelineHardening.harden(pipeline, retryOptions, loggingOptions, GateChoice.KEEP, null);
    }

    /**
     * Patches a pipeline someone else built, with every setting in one object, as
     * {@link #harden(HttpPipeline, RetryAfterOptions, RequestLoggingOptions)} describes for the retry and logging
     * options. The gate is treated like them, the options are never ignored: a {@link ThrottleGatePolicy} already in
     * the pipeline is replaced, in the same place, by one on {@link OpenAIPipelineOptions#getThrottleGate()}; without
     * one, it goes right after the {@link RetryAfterPolicy}. A {@code null} gate removes every
     * {@code ThrottleGatePolicy} from the copy. Every policy added or replaced gets
     * {@link OpenAIPipelineOptions#getMetricsOptions()}; one kept keeps its own.
     *
     * @param pipeline the pipeline
     * @param options the retry and logging options and the throttle gate ({@code null} gate: none)
     * @return the hardened pipeline
     * @throws NullPointerException if an argument is null
     */
    public static HttpPipeline harden(HttpPipeline pipeline, OpenAIPipelineOptions options) {
        Objects.requireNonNull(pipeline, "'pipeline' cannot be null.");
        Objects.requireNonNull(options, "'options' cannot be null.");
        return PipelineHardening.harden(pipeline, options.getRetryOptions(), options.getLoggingOptions(),
            GateChoice.use(options.getThrottleGate()), options.getMetricsOptions());
    }

    /**
     * Installs the policies into a client builder, with default {@link RetryAfterOptions}: turns the builder's own
     * retry off and adds {@link RetryAfterPolicy}, {@link ThrottleGatePolicy} (on {@link ThrottleGate#shared()}),
     * {@link RequestLoggingPolicy} and {@link DedupeAuthPolicy}.
     *
     * <p>A builder given {@code .pipeline(...)} ignores all of this, as it ignores its own credential, retry and
     * logging settings: use {@link #harden(HttpPipeline)} on that pipeline instead.</p>
     *
     * @param builder the client builder, e.g. {@code OpenAIClientBuilder}
     * @param <T> the builder type
     * @return {@code builder}
     * @throws NullPointerException if {@code builder} is null
     * @see #install(HttpTrait, RetryAfterOptions, RequestLoggingOptions)
     */
    public static <T extends HttpTrait<T>> T install(T builder) {
        return install(builder, new RetryAfterOptions());
    }

    /**
     * Installs the policies into a client builder, with the given retry options. A builder given
     * {@code .pipeline(...)} ignores all of this: use {@link #harden(HttpPipeline, RetryAfterOptions)} on that
     * pipeline instead.
     *
     * @param builder the client builder, e.g. {@code OpenAIClientBuilder}
     * @param options options of the {@link RetryAfterPolicy}
     * @param <T> the builder type
     * @return {@code builder}
     * @throws NullPointerException if an argument is null
     * @see #install(HttpTrait, RetryAfterOptions, RequestLoggingOptions)
     */
    public static <T extends HttpTrait<T>> T install(T builder, RetryAfterOptions options) {
        return install(builder, options, new RequestLoggingOptions());
    }

    /**
     * Installs the policies into a client builder that builds its own pipeline (the standard way). It:
     * <ol>
     *     <li>turns the builder's own retry off. A builder with a public {@code retryPolicy(RetryPolicy)} (or
     *     {@code retryPolicy(HttpPipelinePolicy)}) method, such as {@code OpenAIClientBuilder} and the Key Vault,
     *     Service Bus administration and Identity builders, gets a retry policy that passes every call straight through and logs nothing (and
     *     {@code retryOptions} set earlier are cleared). Any other builder, such as Storage's, gets
     *     {@code retryOptions(...)} with zero retries and a 1 ms delay (Storage refuses a zero delay);</li>
     *     <li>adds {@link RetryAfterPolicy} ({@code PER_CALL}: in front of the stock retry, so every attempt below
     *     it starts from a fresh copy of the request), then a {@link ThrottleGatePolicy} on
     *     {@link ThrottleGate#shared()}, {@link RequestLoggingPolicy} and {@link DedupeAuthPolicy} ({@code PER_RETRY}:
     *     after the builder's credential policy).</li>
     * </ol>
     * <p>To choose another gate, or none, use {@link #install(HttpTrait, OpenAIPipelineOptions)}.</p>
     *
     * <p>Tested end to end, with the versions of azure-sdk-bom 1.3.8, on {@code OpenAIClientBuilder}
     * (azure-ai-openai), {@code BlobServiceClientBuilder} (azure-storage-blob), {@code SecretClientBuilder}
     * (azure-security-keyvault-secrets), {@code ServiceBusAdministrationClientBuilder} (azure-messaging-servicebus) and
     * {@code ClientSecretCredentialBuilder} (azure-identity). Other builders that implement {@code HttpTrait} get the
     * same treatment but are not tested.</p>
     *
     * <p>Things to know:</p>
     * <ul>
     *     <li>A builder given {@code .pipeline(...)} ignores all of this (as it ignores its credential, retry and
     *     logging settings): use {@link #harden(HttpPipeline)} on that pipeline instead.</li>
     *     <li>Call {@code install} after your own {@code addPolicy(...)} calls: {@code PER_RETRY} policies run in
     *     the order they were added, and {@code DedupeAuthPolicy} must come after any policy that writes a
     *     credential.</li>
     *     <li>Do not call {@code retryOptions(...)} or {@code retryPolicy(...)} after {@code install}: it would switch
     *     the stock retry back on under ours (or, on builders that refuse both, fail at build time).</li>
     *     <li>Storage's own retry policy stays in the pipeline with a single try; on the sync path it logs an I/O
     *     error at ERROR even when {@code RetryAfterPolicy} then retries the call with success.</li>
     *     <li>Call {@code install} once per builder: a builder cannot be inspected, so a second call adds the
     *     policies twice.</li>
     * </ul>
     *
     * @param builder the client builder, e.g. {@code OpenAIClientBuilder}
     * @param retryOptions options of the {@link RetryAfterPolicy}
     * @param loggingOptions options of the {@link RequestLoggingPolicy}
     * @param <T> the builder type
     * @return {@code builder}
     * @throws NullPointerException if an argument is null
     */
    public static <T extends HttpTrait<T>> T install(T builder, RetryAfterOptions retryOptions,
        RequestLoggingOptions loggingOptions) {
        Objects.requireNonNull(builder, "'builder' cannot be null.");
        Objects.requireNonNull(retryOptions, "'retryOptions' cannot be null.");
        Objects.requireNonNull(loggingOptions, "'loggingOptions' cannot be null.");
        return install(builder, new OpenAIPipelineOptions().setRetryOptions(retryOptions)
            .setLoggingOptions(loggingOptions));
    }

    /**
     * Installs the policies into a client builder that builds its own pipeline, as
     * {@link #install(HttpTrait, RetryAfterOptions, RequestLoggingOptions)} describes, with every setting in one
     * object. When {@link OpenAIPipelineOptions#getThrottleGate()} is not null (by default it is
     * {@link ThrottleGate#shared()}), a {@link ThrottleGatePolicy} on that gate is added too, per retry, before
     * {@link RequestLoggingPolicy}: every attempt asks the gate before it goes and reports what came back.
     *
     * @param builder the client builder, e.g. {@code OpenAIClientBuilder}
     * @param options the retry and logging options and the throttle gate ({@code null} gate: none)
     * @param <T> the builder type
     * @return {@code builder}
     * @throws NullPointerException if an argument is null
     */
    public static <T extends HttpTrait<T>> T install(T builder, OpenAIPipelineOptions options) {
        Objects.requireNonNull(builder, "'builder' cannot be null.");
        Objects.requireNonNull(options, "'options' cannot be null.");
        StockRetrySwitch.turnOff(builder);
        builder.addPolicy(new RetryAfterPolicy(options.getRetryOptions(), options.getMetricsOptions()));
        if (options.getThrottleGate() != null) {
            builder.addPolicy(new ThrottleGatePolicy(options.getThrottleGate(), options.getMetricsOptions()));
        }
        builder.addPolicy(new RequestLoggingPolicy(options.getLoggingOptions()));
        builder.addPolicy(new DedupeAuthPolicy(options.getMetricsOptions()));
        return builder;
    }
}
