// Licensed under the MIT License.
package io.github.openaipolicies.okhttp;

import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.github.openaipolicies.okhttp.implementation.AttemptLogger;
import io.github.openaipolicies.okhttp.implementation.CallSettings;
import io.github.openaipolicies.okhttp.implementation.OkHttpCall;
import io.github.openaipolicies.okhttp.implementation.Waits;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The protection of this library for any OkHttp client that calls Azure OpenAI or api.openai.com (Spring AI 2.0's
 * OpenAI client, openai-java over OkHttp, your own): every call retried by the server's {@code Retry-After} within
 * caps and an overall budget ({@code retry-after-ms}, {@code x-ms-retry-after-ms}, {@code Retry-After} in seconds or
 * as a date, {@code x-should-retry}; a 429 {@code insufficient_quota} and errors no retry can fix are not retried),
 * every attempt first asking the throttle gate shared by all calls to its deployment and reporting what came back,
 * exactly one value of each credential header per attempt, one log line per attempt without secrets, and the
 * metrics through a {@code PipelineMetricsSink}.
 *
 * <p>Add it as an <em>application</em> interceptor ({@code addInterceptor}): each attempt is
 * {@code chain.proceed(...)} of a fresh request, every discarded response is closed, and the final response goes
 * back with OkHttp's body stream untouched (streaming included). A one-shot request body is sent once (no retry).
 * As a network interceptor it refuses every call with an {@link IllegalStateException}.</p>
 *
 * <p><b>Threads.</b> OkHttp runs interceptors synchronously: on the caller's thread under {@code execute}, on one of
 * the dispatcher's threads under {@code enqueue}. The waits (in the gate, before a retry) block that thread, never a
 * caller's under {@code enqueue}; size the dispatcher ({@code maxRequests}, {@code maxRequestsPerHost}) for calls
 * that wait. Every wait ends when the thread is interrupted or the call is {@linkplain okhttp3.Call#cancel()
 * cancelled} (it looks at the call at least every 50 ms); a waiting attempt then leaves the gate's queue.</p>
 *
 * <p><b>Under openai-java's own retry</b> (Spring AI 2.0 puts openai-java's retry above OkHttp), nothing is retried
 * twice, with nothing to turn off: every response handed back carries {@code x-should-retry: false}, which
 * openai-java obeys first; a call that ends in an I/O error ends with that {@link IOException}, which openai-java
 * retries, but its retry carries {@code X-Stainless-Retry-Count} above 0 and ends at once with an
 * {@link IOException}, nothing sent.</p>
 *
 * <p>Errors: the last attempt's {@link IOException}; {@code IOException("Canceled")} for a cancelled call;
 * {@link java.io.InterruptedIOException} when interrupted; {@link DuplicateCredentialException} when a credential
 * header carries different values and {@link ThrottleGateTimeoutException} when the gate would hold an attempt past
 * the call's budget (both runtime exceptions: under {@code enqueue}, OkHttp hands them to the callback as an
 * {@code IOException} with the exception suppressed, and rethrows them on its dispatcher thread).</p>
 *
 * <pre>{@code
 * OkHttpClient http = new OkHttpClient.Builder()
 *     .addInterceptor(new OpenAIPolicyInterceptor(new OkHttpPolicyOptions()
 *         .setRetryOptions(new RetryAfterOptions().setMaxRetries(10))))
 *     .build();
 * }</pre>
 */
public final class OpenAIPolicyInterceptor implements Interceptor {
    private final CallSettings settings;

    /** An interceptor with default {@link OkHttpPolicyOptions}: default retry, the JVM-wide gate, no metrics. */
    public OpenAIPolicyInterceptor() {
        this(new OkHttpPolicyOptions());
    }

    /**
     * An interceptor with the given options.
     *
     * @param options the retry, gate, logging and metrics; copied
     * @throws NullPointerException if {@code options} is null
     * @throws IllegalArgumentException if the retry options are invalid (the message names the option)
     */
    public OpenAIPolicyInterceptor(OkHttpPolicyOptions options) {
        this.settings = settings(new OkHttpPolicyOptions(Objects.requireNonNull(options,
            "'options' cannot be null.")));
    }

    /**
     * Runs a call through its attempts; see the class description.
     *
     * @param chain the chain
     * @return the final response, marked {@code x-should-retry: false}
     * @throws IOException when the call ends in an I/O error, is cancelled or interrupted, or is openai-java's
     * retry of a call this interceptor ended
     */
    @Override
    public Response intercept(Chain chain) throws IOException {
        return OkHttpCall.run(settings, chain);
    }

    private static CallSettings settings(OkHttpPolicyOptions options) {
        return new CallSettings(RetryDecider.of(options.getRetryOptions(),
            () -> ThreadLocalRandom.current().nextDouble()), options.getThrottleGate(),
            AttemptLogger.of(options.getLoggingOptions()), PipelineInstruments.of(options.getMetricsSink()),
            MonotonicClock.system(), Clock.systemUTC(), Waits.SYSTEM);
    }
}
