// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A transport wrapper that counts the responses it hands out and the ones closed: each response is wrapped, and only a
 * call to its {@code close()} counts it as closed. Responses are also grouped by a key taken from their request (the
 * call they belong to), in the order they were handed out, noting whether anyone asked for their body.
 */
public final class CountingHttpClient implements HttpClient {
    private final HttpClient delegate;
    private final Function<HttpRequest, String> key;
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final Map<String, List<CountedResponse>> byKey = new ConcurrentHashMap<>();

    /**
     * Wraps a transport.
     *
     * @param delegate the transport
     * @param key names the call a request belongs to
     */
    public CountingHttpClient(HttpClient delegate, Function<HttpRequest, String> key) {
        this.delegate = delegate;
        this.key = key;
    }

    /**
     * The responses that were not released: of each call, every response but the last must have been closed (the
     * pipeline discarded it), and the last one closed or its body taken by whoever received it.
     *
     * @return a description of each unreleased response, empty when all were released
     */
    public List<String> unreleased() {
        List<String> problems = new ArrayList<>();
        byKey.forEach((call, responses) -> {
            List<CountedResponse> snapshot;
            synchronized (responses) {
                snapshot = List.copyOf(responses);
            }
            for (int i = 0; i < snapshot.size(); i++) {
                CountedResponse response = snapshot.get(i);
                boolean last = i == snapshot.size() - 1;
                boolean released = response.closes.get() > 0 || (last && response.bodyTaken);
                if (!released) {
                    problems.add(call + ": response " + (i + 1) + " of " + snapshot.size() + " (status "
                        + response.getStatusCode() + ") never " + (last ? "closed nor read" : "closed"));
                }
            }
        });
        return problems;
    }

    /** {@return how many responses were handed out} */
    public long opened() {
        return opened.get();
    }

    /** {@return how many of them were closed (each counted once)} */
    public long closed() {
        return closed.get();
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return delegate.send(request).map(this::counted);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return delegate.send(request, context).map(this::counted);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return counted(delegate.sendSync(request, context));
    }

    private HttpResponse counted(HttpResponse response) {
        opened.incrementAndGet();
        CountedResponse counted = new CountedResponse(response);
        List<CountedResponse> responses = byKey.computeIfAbsent(key.apply(response.getRequest()),
            k -> new ArrayList<>());
        synchronized (responses) {
            responses.add(counted);
        }
        return counted;
    }

    /** A response that reports its first {@code close()}. */
    private final class CountedResponse extends HttpResponse {
        private final HttpResponse inner;
        private final AtomicInteger closes = new AtomicInteger();
        private volatile boolean bodyTaken;

        CountedResponse(HttpResponse inner) {
            super(inner.getRequest());
            this.inner = inner;
        }

        @Override
        public int getStatusCode() {
            return inner.getStatusCode();
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return inner.getHeaderValue(name);
        }

        @Override
        public String getHeaderValue(HttpHeaderName name) {
            return inner.getHeaderValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return inner.getHeaders();
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            bodyTaken = true;
            return inner.getBody();
        }

        @Override
        public BinaryData getBodyAsBinaryData() {
            bodyTaken = true;
            return inner.getBodyAsBinaryData();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            bodyTaken = true;
            return inner.getBodyAsByteArray();
        }

        @Override
        public Mono<String> getBodyAsString() {
            bodyTaken = true;
            return inner.getBodyAsString();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            bodyTaken = true;
            return inner.getBodyAsString(charset);
        }

        @Override
        public Mono<InputStream> getBodyAsInputStream() {
            bodyTaken = true;
            return inner.getBodyAsInputStream();
        }

        @Override
        public InputStream getBodyAsInputStreamSync() {
            bodyTaken = true;
            return inner.getBodyAsInputStreamSync();
        }

        @Override
        public Mono<Void> writeBodyToAsync(AsynchronousByteChannel channel) {
            bodyTaken = true;
            return inner.writeBodyToAsync(channel);
        }

        @Override
        public void writeBodyTo(WritableByteChannel channel) throws IOException {
            bodyTaken = true;
            inner.writeBodyTo(channel);
        }

        @Override
        public void close() {
            if (closes.getAndIncrement() == 0) {
                closed.incrementAndGet();
            }
            inner.close();
        }
    }
}
