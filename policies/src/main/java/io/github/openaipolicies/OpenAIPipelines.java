// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.client.traits.HttpTrait;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import io.github.openaipolicies.implementation.PipelineHardening;

import java.time.Duration;
import java.util.Objects;

/**
 * Puts this library's policies into an azure-core client, in the way that fits how the client is built.
 *
 * <ul>
 *     <li>{@link #install(HttpTrait)}: the client is built the standard way ({@code new OpenAIClientBuilder()
 *     .endpoint(...).credential(...)}, or any azure-core builder): the builder keeps its own pipeline and gets our
 *     policies added;</li>
 *     <li>{@link #builder()}: you build the {@link HttpPipeline} yourself and pass it to
 *     {@code OpenAIClientBuilder.pipeline(...)}; the builder assembles a complete one;</li>
 *     <li>{@link #harden(HttpPipeline)}: someone else built the pipeline; you get a patched copy.</li>
 * </ul>
 *
 * <p>In every case one {@link RetryAfterPolicy} is the only retry layer of azure-core's making,
 * {@link RequestLoggingPolicy} logs every attempt, and {@link DedupeAuthPolicy} makes sure every attempt carries
 * exactly one credential.</p>
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
     * Patches a pipeline someone else built, with default {@link RetryAfterOptions}.
     *
     * @param pipeline the pipeline
     * @return the hardened pipeline, see {@link #harden(HttpPipeline, RetryAfterOptions, RequestLoggingOptions)}
     * @throws NullPointerException if {@code pipeline} is null
     */
    public static HttpPipeline harden(HttpPipeline pipeline) {
        return harden(pipeline, new RetryAfterOptions());
    }

    /**
     * Patches a pipeline someone else built.
     *
     * @param pipeline the pipeline
     * @param options options of the {@link RetryAfterPolicy} this method adds
     * @return the hardened pipeline, see {@link #harden(HttpPipeline, RetryAfterOptions, RequestLoggingOptions)}
     * @throws NullPointerException if an argument is null
     */
    public static HttpPipeline harden(HttpPipeline pipeline, RetryAfterOptions options) {
        return harden(pipeline, options, new RequestLoggingOptions());
    }

    /**
     * Patches a pipeline someone else built. The result uses the same {@code HttpClient}, the same
     * {@code Tracer} and the same policy instances, in the same order, except that:
     * <ul>
     *     <li>every azure-core {@code RetryPolicy} (or subclass) is removed and a {@link RetryAfterPolicy} takes the
     *     place of the first one, or is put first when there was none;</li>
     *     <li>{@link RequestLoggingPolicy} and then {@link DedupeAuthPolicy} are appended, so they run last on every
     *     attempt.</li>
     * </ul>
     * <p>Policies of this library already in the pipeline are kept where they are and not doubled (an existing
     * {@code RetryAfterPolicy} keeps its own options); a pipeline that needs nothing is returned as is, so hardening
     * twice changes nothing. Retry policies of other libraries (e.g. one that re-sends the same request object) stay
     * where they are: {@code RetryAfterPolicy} in front of them starts each of its attempts from a fresh copy of the
     * request, and {@code DedupeAuthPolicy} at the end removes a credential such a retry has added a second time.</p>
     *
     * <p>The pipeline's {@code ClientOptions} cannot be read back from an {@code HttpPipeline}; the tracing policy is
     * initialized again with the pipeline's tracer and azure-core's default URL sanitizer.</p>
     *
     * @param pipeline the pipeline
     * @param retryOptions options of the {@link RetryAfterPolicy} this method adds
     * @param loggingOptions options of the {@link RequestLoggingPolicy} this method adds
     * @return the hardened pipeline, {@code pipeline} itself when it needed nothing
     * @throws NullPointerException if an argument is null
     */
    public static HttpPipeline harden(HttpPipeline pipeline, RetryAfterOptions retryOptions,
        RequestLoggingOptions loggingOptions) {
        Objects.requireNonNull(pipeline, "'pipeline' cannot be null.");
        Objects.requireNonNull(retryOptions, "'retryOptions' cannot be null.");
        Objects.requireNonNull(loggingOptions, "'loggingOptions' cannot be null.");
        return PipelineHardening.harden(pipeline, retryOptions, loggingOptions);
    }

    /**
     * Installs the policies into a client builder, with default {@link RetryAfterOptions}: turns the builder's own
     * retry off and adds {@link RetryAfterPolicy}, {@link RequestLoggingPolicy} and {@link DedupeAuthPolicy}.
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
     *     <li>turns the builder's own retry off: {@code retryOptions(...)} with zero retries, so the builder's stock
     *     {@code RetryPolicy} makes a single try;</li>
     *     <li>adds {@link RetryAfterPolicy} ({@code PER_CALL}: in front of the stock retry, so every attempt below
     *     it starts from a fresh copy of the request), then {@link RequestLoggingPolicy} and
     *     {@link DedupeAuthPolicy} ({@code PER_RETRY}: after the builder's credential policy).</li>
     * </ol>
     *
     * <p>Things to know:</p>
     * <ul>
     *     <li>A builder given {@code .pipeline(...)} ignores all of this (as it ignores its credential, retry and
     *     logging settings): use {@link #harden(HttpPipeline)} on that pipeline instead.</li>
     *     <li>Call {@code install} after your own {@code addPolicy(...)} calls: {@code PER_RETRY} policies run in
     *     the order they were added, and {@code DedupeAuthPolicy} must come after any policy that writes a
     *     credential.</li>
     *     <li>Do not call {@code retryOptions(...)} after {@code install}: it would switch the stock retry back on
     *     under ours. Builders that also have {@code retryPolicy(...)} (such as {@code OpenAIClientBuilder}) throw
     *     {@code IllegalStateException} at build time when both are set: do not set {@code retryPolicy}.</li>
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
        RetryAfterPolicy retryAfter = new RetryAfterPolicy(retryOptions);
        builder.retryOptions(stockRetryOff());
        builder.addPolicy(retryAfter);
        builder.addPolicy(new RequestLoggingPolicy(loggingOptions));
        builder.addPolicy(new DedupeAuthPolicy());
        return builder;
    }

    /**
     * Retry options that make azure-core's {@code RetryPolicy} try once and never retry.
     *
     * @return new options with zero retries
     */
    static RetryOptions stockRetryOff() {
        return new RetryOptions(new FixedDelayOptions(0, Duration.ZERO));
    }
}
