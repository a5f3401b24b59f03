// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A transport wrapper that notes, per request body, the delay each answer asked for ({@code retry-after-ms}, else
 * {@code Retry-After} in seconds), in order of answer. The simulator's journal records when each attempt arrived but
 * not what it answered with; with this a test can tell when the server allowed each retry. Attempts of one call carry
 * the same body, so the body names the call, provided different calls send different bodies.
 */
public final class DelayRecordingHttpClient implements HttpClient {
    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");

    private final HttpClient delegate;
    private final Map<String, List<Optional<Duration>>> delays = new ConcurrentHashMap<>();

    /**
     * Wraps a transport.
     *
     * @param delegate the transport
     */
    public DelayRecordingHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /**
     * The delays the answers to the attempts with this body asked for, in order of answer; empty for an answer that
     * named none.
     *
     * @param body the request body
     * @return a snapshot (empty when no attempt with this body was answered)
     */
    public List<Optional<Duration>> delays(String body) {
        List<Optional<Duration>> noted = delays.getOrDefault(body, List.of());
        synchronized (noted) {
            return List.copyOf(noted);
        }
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return Mono.defer(() -> {
            String body = body(request);
            return delegate.send(request, context).doOnNext(response -> note(body, response));
        });
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        String body = body(request);
        HttpResponse response = delegate.sendSync(request, context);
        note(body, response);
        return response;
    }

    private static String body(HttpRequest request) {
        BinaryData body = request.getBodyAsBinaryData();
        return body == null ? "" : body.toString();
    }

    private void note(String body, HttpResponse response) {
        List<Optional<Duration>> noted = delays.computeIfAbsent(body, b -> new ArrayList<>());
        synchronized (noted) {
            noted.add(delay(response));
        }
    }

    private static Optional<Duration> delay(HttpResponse response) {
        String millis = response.getHeaderValue(RETRY_AFTER_MS);
        if (millis != null) {
            return Optional.of(Duration.ofMillis(Long.parseLong(millis.strip())));
        }
        String seconds = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
        return seconds == null ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(seconds.strip())));
    }
}
