package io.github.openaipolicies.testkit.implementation;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Locale;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * An azure-core {@link HttpClient} that sends requests for {@code https://api.openai.com/...} to the simulator at
 * {@code https://localhost:PORT/...} instead (same path, query, method, headers and body) and passes every other
 * request through unchanged.
 *
 * <p>This lets {@code OpenAIClientBuilder} in its OpenAI (non-Azure) mode, which always sends to
 * {@code https://api.openai.com/v1}, reach the simulator. The caller's request is not modified: the transport gets a
 * copy with the new URL, so the response's {@link HttpResponse#getRequest()} shows where the request really went.
 */
public final class OpenAIHostRewritingHttpClient implements HttpClient {

    /** The host whose requests are sent to the simulator. */
    public static final String OPENAI_HOST = "api.openai.com";

    private static final String HTTPS = "https";
    private static final String LOOPBACK_HOST = "localhost";

    private final HttpClient transport;
    private final int simulatorPort;

    /**
     * Creates a client that rewrites OpenAI requests to the simulator's port and sends everything through
     * {@code transport}.
     *
     * @param transport the client that really sends the requests
     * @param simulatorPort the simulator's HTTPS port on localhost
     * @throws NullPointerException if {@code transport} is null
     * @throws IllegalArgumentException if {@code simulatorPort} is not a TCP port
     */
    public OpenAIHostRewritingHttpClient(HttpClient transport, int simulatorPort) {
        this.transport = Objects.requireNonNull(transport, "'transport' cannot be null.");
        if (simulatorPort < 1 || simulatorPort > 65535) {
            throw new IllegalArgumentException("'simulatorPort' must be in 1..65535, was " + simulatorPort);
        }
        this.simulatorPort = simulatorPort;
    }

    /**
     * Returns the client that really sends the requests.
     *
     * @return the wrapped transport
     */
    public HttpClient transport() {
        return transport;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.defer(() -> transport.send(rewrite(request)));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return Mono.defer(() -> transport.send(rewrite(request), context));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return transport.sendSync(rewrite(request), context);
    }

    /**
     * Returns the request to send: {@code request} itself when it is not for {@code https://api.openai.com}, else a
     * copy addressed to the simulator.
     *
     * @param request the request as the pipeline built it
     * @return the request the transport gets
     */
    HttpRequest rewrite(HttpRequest request) {
        URL url = request.getUrl();
        if (!isOpenAI(url)) {
            return request;
        }
        HttpRequest copy = request.copy();
        try {
            copy.setUrl(new URL(HTTPS, LOOPBACK_HOST, simulatorPort, url.getFile()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException("cannot address the simulator for " + url.getPath(), e);
        }
        return copy;
    }

    private static boolean isOpenAI(URL url) {
        return HTTPS.equalsIgnoreCase(url.getProtocol())
            && OPENAI_HOST.equals(url.getHost().toLowerCase(Locale.ROOT))
            && (url.getPort() == -1 || url.getPort() == url.getDefaultPort());
    }
}
