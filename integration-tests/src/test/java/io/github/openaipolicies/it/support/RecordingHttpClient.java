// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A transport wrapper that notes the {@code Authorization} values of every request leaving the pipeline for one
 * port, as labels (never the values themselves, so a failing assertion cannot print a token).
 */
public final class RecordingHttpClient implements HttpClient {
    private final HttpClient delegate;
    private final int port;
    private final Function<String, String> labeller;
    private final List<List<String>> authorizationLabels = new CopyOnWriteArrayList<>();

    /**
     * Wraps a transport.
     *
     * @param delegate the transport
     * @param port only requests to this port are noted
     * @param labeller turns a header value into a label
     */
    public RecordingHttpClient(HttpClient delegate, int port, Function<String, String> labeller) {
        this.delegate = delegate;
        this.port = port;
        this.labeller = labeller;
    }

    /**
     * The labels of the {@code Authorization} values of each noted request, in order of sending.
     *
     * @return a snapshot
     */
    public List<List<String>> authorizationLabels() {
        return List.copyOf(authorizationLabels);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.defer(() -> {
            note(request);
            return delegate.send(request);
        });
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return Mono.defer(() -> {
            note(request);
            return delegate.send(request, context);
        });
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        note(request);
        return delegate.sendSync(request, context);
    }

    private void note(HttpRequest request) {
        if (request.getUrl().getPort() != port) {
            return;
        }
        List<String> values = request.getHeaders().getValues(HttpHeaderName.AUTHORIZATION) == null ? List.of()
            : List.of(request.getHeaders().getValues(HttpHeaderName.AUTHORIZATION));
        authorizationLabels.add(values.stream().map(labeller).toList());
    }
}
