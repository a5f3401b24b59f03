// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.WebSocketClient;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The per-attempt {@link HttpClient} openai-java sends through: every call gets the retry, the gate, one credential
 * per attempt and the attempt log line, sync on the caller's thread and async without blocking one.
 */
public class PolicyHttpClient implements HttpClient {
    private final HttpClient transport;
    private final CallSettings settings;

    /**
     * Wraps a transport.
     *
     * @param transport the transport every attempt is sent with
     * @param settings what every call shares
     */
    protected PolicyHttpClient(HttpClient transport, CallSettings settings) {
        this.transport = Objects.requireNonNull(transport, "'transport' cannot be null.");
        this.settings = Objects.requireNonNull(settings, "'settings' cannot be null.");
    }

    /**
     * Wraps a transport; the wrapper is a {@link WebSocketClient} too when the transport is one (openai-java's
     * realtime calls then go straight to the transport, untouched).
     *
     * @param transport the transport
     * @param settings what every call shares
     * @return the wrapper
     */
    public static PolicyHttpClient wrap(HttpClient transport, CallSettings settings) {
        return transport instanceof WebSocketClient
            ? new WebSocketPolicyHttpClient(transport, settings) : new PolicyHttpClient(transport, settings);
    }

    /** {@return the transport every attempt is sent with} */
    protected HttpClient transport() {
        return transport;
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        return new SyncCall(transport, settings, request, requestOptions).run();
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        return new AsyncCall(transport, settings, request, requestOptions).start();
    }

    @Override
    public void close() {
        transport.close();
    }
}
