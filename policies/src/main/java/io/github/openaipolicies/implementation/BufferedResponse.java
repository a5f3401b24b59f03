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
 * A response whose body has been read into memory, so a policy can look into it (the retry policy for an error
 * code, the logging policy to log it) and still hand it to the caller intact, on the sync path as on the async one
 * (azure-core's {@code BufferedHttpResponse} blocks on its sync accessors). The original response is closed once its
 * body is read: nothing stays open. It holds the whole body: callers buffer only bodies whose size they have bounded.
 */
public final class BufferedResponse extends HttpResponse {
    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    private BufferedResponse(HttpResponse original, byte[] body) {
        super(original.getRequest());
        this.status = original.getStatusCode();
        this.headers = new HttpHeaders(original.getHeaders());
        this.body = body;
    }

    /**
     * Reads the body of {@code response} without blocking, then closes it.
     *
     * @param response the response to buffer
     * @return the buffered response
     */
    public static Mono<BufferedResponse> readAsync(HttpResponse response) {
        return Mono.using(() -> response,
            r -> r.getBodyAsByteArray().defaultIfEmpty(new byte[0]).map(bytes -> new BufferedResponse(r, bytes)),
            HttpResponse::close);
    }

    /**
     * Reads the body of {@code response} on the calling thread, then closes it (also when reading fails).
     *
     * @param response the response to buffer
     * @return the buffered response
     */
    public static BufferedResponse readSync(HttpResponse response) {
        try (HttpResponse r = response) {
            BinaryData data = r.getBodyAsBinaryData();
            return new BufferedResponse(r, data == null ? new byte[0] : data.toBytes());
        }
    }

    /**
     * The body bytes (not a copy: do not modify).
     *
     * @return the body
     */
    public byte[] bodyBytes() {
        return body;
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
        return headers.getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public String getHeaderValue(HttpHeaderName headerName) {
        return headers.getValue(headerName);
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    /**
     * The buffered body, readable any number of times.
     *
     * @return the body as one read-only buffer, empty when there is none
     */
    @Override
    public Flux<ByteBuffer> getBody() {
        return body.length == 0
            ? Flux.empty()
            : Flux.defer(() -> Flux.just(ByteBuffer.wrap(body).asReadOnlyBuffer()));
    }

    @Override
    public BinaryData getBodyAsBinaryData() {
        return BinaryData.fromBytes(body);
    }

    /**
     * A copy of the buffered body.
     *
     * @return the body bytes
     */
    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return Mono.fromSupplier(body::clone);
    }

    /**
     * The buffered body as text, in the charset of its {@code Content-Type} (UTF-8 by default, BOM aware).
     *
     * @return the body text
     */
    @Override
    public Mono<String> getBodyAsString() {
        return Mono.fromSupplier(
            () -> CoreUtils.bomAwareToString(body, headers.getValue(HttpHeaderName.CONTENT_TYPE)));
    }

    /**
     * The buffered body as text in the given charset.
     *
     * @param charset the charset
     * @return the body text
     */
    @Override
    public Mono<String> getBodyAsString(Charset charset) {
        return Mono.fromSupplier(() -> new String(body, charset));
    }

    /**
     * A new stream over the buffered body.
     *
     * @return the stream
     */
    @Override
    public Mono<InputStream> getBodyAsInputStream() {
        return Mono.fromSupplier(this::getBodyAsInputStreamSync);
    }

    @Override
    public InputStream getBodyAsInputStreamSync() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public BufferedResponse buffer() {
        return this;
    }
}
