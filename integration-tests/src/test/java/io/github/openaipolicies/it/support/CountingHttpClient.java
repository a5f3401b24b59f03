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
import java.util.List;
import java.util.function.Function;
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
    private final ResponseLedger ledger = new ResponseLedger();

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
     * The responses that were not released (see {@link ResponseLedger#unreleased()}).
     *
     * @return a description of each unreleased response, empty when all were released
     */
    public List<String> unreleased() {
        return ledger.unreleased();
    }

    /** {@return how many responses were handed out} */
    public long opened() {
        return ledger.opened();
    }

    /** {@return how many of them were closed (each counted once)} */
    public long closed() {
        return ledger.closed();
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
        return new CountedResponse(response, ledger.open(key.apply(response.getRequest()), response.getStatusCode()));
    }

    /** A response that reports its first {@code close()}. */
    private final class CountedResponse extends HttpResponse {
        private final HttpResponse inner;
        private final ResponseLedger.Entry entry;

        CountedResponse(HttpResponse inner, ResponseLedger.Entry entry) {
            super(inner.getRequest());
            this.inner = inner;
            this.entry = entry;
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
            entry.bodyTaken();
            return inner.getBody();
        }

        @Override
        public BinaryData getBodyAsBinaryData() {
            entry.bodyTaken();
            return inner.getBodyAsBinaryData();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            entry.bodyTaken();
            return inner.getBodyAsByteArray();
        }

        @Override
        public Mono<String> getBodyAsString() {
            entry.bodyTaken();
            return inner.getBodyAsString();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            entry.bodyTaken();
            return inner.getBodyAsString(charset);
        }

        @Override
        public Mono<InputStream> getBodyAsInputStream() {
            entry.bodyTaken();
            return inner.getBodyAsInputStream();
        }

        @Override
        public InputStream getBodyAsInputStreamSync() {
            entry.bodyTaken();
            return inner.getBodyAsInputStreamSync();
        }

        @Override
        public Mono<Void> writeBodyToAsync(AsynchronousByteChannel channel) {
            entry.bodyTaken();
            return inner.writeBodyToAsync(channel);
        }

        @Override
        public void writeBodyTo(WritableByteChannel channel) throws IOException {
            entry.bodyTaken();
            inner.writeBodyTo(channel);
        }

        @Override
        public void close() {
            entry.closed();
            inner.close();
        }
    }
}
