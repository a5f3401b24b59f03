// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.WebSocketClient;

import java.util.concurrent.CompletableFuture;

/** A {@link PolicyHttpClient} over a transport that opens WebSockets too: those pass through untouched. */
final class WebSocketPolicyHttpClient extends PolicyHttpClient implements WebSocketClient {
    WebSocketPolicyHttpClient(HttpClient transport, CallSettings settings) {
        super(transport, settings);
    }

    @Override
    public CompletableFuture<Connection> connectWebSocket(HttpRequest request, RequestOptions requestOptions,
        int maxQueuedMessages, Listener listener) {
        return ((WebSocketClient) transport()).connectWebSocket(request, requestOptions, maxQueuedMessages,
            listener);
    }
}
