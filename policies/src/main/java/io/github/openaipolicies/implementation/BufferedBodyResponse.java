// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.CoreUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * A response whose body was read into memory (to log it) and is served again, whole, to the caller. Closing it
 * closes the original response.
 */
public final class BufferedBodyResponse extends HttpResponse {
    private final HttpResponse original;
    private final byte[] body;

    /**
     * Wraps a response whose body has been read.
     *
     * @param original the original response, closed with this one
     * @param body the whole body
     */
    public BufferedBodyResponse(HttpResponse original, byte[] body) {
        super(original.getRequest());
        this.original = original;
        this.body = body;
    }

    @Override
    public int getStatusCode() {
        return original.getStatusCode();
    }

    @Override
    public String getHeaderValue(String name) {
        return original.getHeaderValue(name);
    }

    @Override
    public String getHeaderValue(HttpHeaderName headerName) {
        return original.getHeaderValue(headerName);
    }

    @Override
    public HttpHeaders getHeaders() {
        return original.getHeaders();
    }

    @Override
    public Flux<ByteBuffer> getBody() {
        return Flux.defer(() -> Flux.just(ByteBuffer.wrap(body).asReadOnlyBuffer()));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return Mono.fromSupplier(body::clone);
    }

    @Override
    public Mono<String> getBodyAsString() {
        return Mono.fromSupplier(() -> CoreUtils.bomAwareToString(body, getHeaderValue(HttpHeaderName.CONTENT_TYPE)));
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
        return Mono.fromSupplier(() -> new String(body, charset));
    }

    @Override
    public BinaryData getBodyAsBinaryData() {
        return BinaryData.fromBytes(body);
    }

    @Override
    public Mono<InputStream> getBodyAsInputStream() {
        return Mono.fromSupplier(this::getBodyAsInputStreamSync);
    }

    @Override
    public InputStream getBodyAsInputStreamSync() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public HttpResponse buffer() {
        return this;
    }

    @Override
    public void close() {
        original.close();
    }
}
