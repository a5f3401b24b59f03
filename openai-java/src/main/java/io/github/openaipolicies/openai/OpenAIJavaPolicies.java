// Licensed under the MIT License.
package io.github.openaipolicies.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.http.HttpClient;
import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.core.implementation.Sleeper;
import io.github.openaipolicies.openai.implementation.AttemptLogger;
import io.github.openaipolicies.openai.implementation.AttemptMetrics;
import io.github.openaipolicies.openai.implementation.AttemptObservers;
import io.github.openaipolicies.openai.implementation.CallSettings;
import io.github.openaipolicies.openai.implementation.Delayer;
import io.github.openaipolicies.openai.implementation.PolicyHttpClient;
import io.github.openaipolicies.retry.implementation.RetryDecider;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The protection of this library for clients of the official OpenAI Java SDK ({@code com.openai:openai-java}):
 * every call retried by the server's {@code Retry-After} within caps and an overall budget, every attempt first
 * asking the throttle gate shared by all calls to its deployment and reporting what came back, exactly one value of
 * each credential header per attempt, and one log line per attempt without secrets. Works against Azure OpenAI
 * ({@code /openai/deployments/{name}/...} and {@code /openai/v1/...}, where the deployment is the body's
 * {@code model}) and api.openai.com, sync and async, streaming included (a response body is handed on as the
 * transport's stream).
 *
 * <p>openai-java's own retry sits above the client this returns and stays harmless, with nothing to turn off: every
 * response handed back carries {@code x-should-retry: false}, which openai-java obeys first, and a call that ends in
 * an I/O error ends with {@link RetriesExhaustedException}, which openai-java does not retry. So no attempt is ever
 * retried twice.</p>
 *
 * <pre>{@code
 * // The client you build anyway, protected:
 * OpenAIClient client = OpenAIJavaPolicies.install(OpenAIOkHttpClient.builder()
 *     .baseUrl(endpoint + "/openai/v1")
 *     .credential(AzureApiKeyCredential.create(key))
 *     .build());
 *
 * // Or around a transport of your own:
 * ClientOptions options = ClientOptions.builder()
 *     .httpClient(OpenAIJavaPolicies.wrap(OkHttpClient.builder().proxy(proxy).build()))
 *     ...
 * }</pre>
 */
public final class OpenAIJavaPolicies {
    private OpenAIJavaPolicies() {
    }

    /**
     * The per-attempt client to pass to openai-java's {@code ClientOptions.builder().httpClient(...)}, with default
     * {@link OpenAIJavaPolicyOptions}.
     *
     * @param transport the client every attempt is sent with, such as openai-java's {@code OkHttpClient}
     * @return the protected client; closing it closes {@code transport}
     * @throws NullPointerException if {@code transport} is null
     */
    public static HttpClient wrap(HttpClient transport) {
        return wrap(transport, new OpenAIJavaPolicyOptions());
    }

    /**
     * The per-attempt client to pass to openai-java's {@code ClientOptions.builder().httpClient(...)}.
     *
     * @param transport the client every attempt is sent with, such as openai-java's {@code OkHttpClient}
     * @param options the retry, gate and logging; copied
     * @return the protected client; closing it closes {@code transport}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the retry options are invalid (the message names the option)
     */
    public static HttpClient wrap(HttpClient transport, OpenAIJavaPolicyOptions options) {
        Objects.requireNonNull(transport, "'transport' cannot be null.");
        Objects.requireNonNull(options, "'options' cannot be null.");
        return PolicyHttpClient.wrap(transport, settings(new OpenAIJavaPolicyOptions(options)));
    }

    /**
     * A new client like {@code client}, protected, with default {@link OpenAIJavaPolicyOptions}; see
     * {@link #install(OpenAIClient, OpenAIJavaPolicyOptions)}.
     *
     * @param client the client as built
     * @return the protected client
     * @throws NullPointerException if {@code client} is null
     */
    public static OpenAIClient install(OpenAIClient client) {
        return install(client, new OpenAIJavaPolicyOptions());
    }

    /**
     * A new client like {@code client} (through its {@code withOptions}), protected. It keeps every option of
     * {@code client} (base URL, credential, headers, query parameters, timeouts, {@code maxRetries}, ...) and sends
     * over a new default openai-java {@code OkHttpClient}: a transport configured on {@code client}'s builder (a
     * proxy, SSL settings, a dispatcher) is not kept; wrap such a transport with {@link #wrap} instead. Closing the
     * new client closes its transport; {@code client} stays as it was.
     *
     * @param client the client as built
     * @param options the retry, gate and logging; copied
     * @return the protected client
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the retry options are invalid (the message names the option)
     */
    public static OpenAIClient install(OpenAIClient client, OpenAIJavaPolicyOptions options) {
        return install(client, options, OpenAIJavaPolicies::defaultTransport);
    }

    /**
     * The async twin of {@link #install(OpenAIClient)}.
     *
     * @param client the client as built
     * @return the protected client
     * @throws NullPointerException if {@code client} is null
     */
    public static OpenAIClientAsync install(OpenAIClientAsync client) {
        return install(client, new OpenAIJavaPolicyOptions());
    }

    /**
     * The async twin of {@link #install(OpenAIClient, OpenAIJavaPolicyOptions)}.
     *
     * @param client the client as built
     * @param options the retry, gate and logging; copied
     * @return the protected client
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the retry options are invalid (the message names the option)
     */
    public static OpenAIClientAsync install(OpenAIClientAsync client, OpenAIJavaPolicyOptions options) {
        Objects.requireNonNull(client, "'client' cannot be null.");
        HttpClient protectedTransport = wrap(defaultTransport(), options);
        return client.withOptions(builder -> builder.httpClient(protectedTransport));
    }

    /** For tests: {@link #install(OpenAIClient, OpenAIJavaPolicyOptions)} over a transport of their own. */
    static OpenAIClient install(OpenAIClient client, OpenAIJavaPolicyOptions options,
        Supplier<HttpClient> transport) {
        Objects.requireNonNull(client, "'client' cannot be null.");
        HttpClient protectedTransport = wrap(transport.get(), options);
        return client.withOptions(builder -> builder.httpClient(protectedTransport));
    }

    private static HttpClient defaultTransport() {
        return OkHttpClient.builder().build();
    }

    private static CallSettings settings(OpenAIJavaPolicyOptions options) {
        return new CallSettings(RetryDecider.of(options.getRetryOptions(),
            () -> ThreadLocalRandom.current().nextDouble()),
            options.getThrottleGate(), AttemptObservers.both(AttemptLogger.of(options.getLoggingOptions()),
                AttemptMetrics.of(options.getMetricsSink())), MonotonicClock.system(),
            Clock.systemUTC(), Sleeper.THREAD_SLEEP, Delayer.SYSTEM);
    }
}
