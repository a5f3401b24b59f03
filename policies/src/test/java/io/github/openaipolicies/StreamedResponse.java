// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A 200 response whose body is a given {@link Flux}, as a transport streams it: it may be endless (a chunked body
 * whose end never arrives, a stream of server-sent events) or large. It records whether its body was subscribed to
 * and how many bytes it served, so a test can tell what a policy read.
 */
final class StreamedResponse extends HttpResponse {
    private final HttpHeaders headers;
    private final Flux<ByteBuffer> body;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    StreamedResponse(HttpRequest request, HttpHeaders headers, Flux<ByteBuffer> body) {
        super(request);
        this.headers = headers;
        this.body = body;
    }

    /**
     * A body that sends one chunk and then never ends.
     *
     * @param firstChunk the text of the first chunk
     * @return the body
     */
    static Flux<ByteBuffer> endless(String firstChunk) {
        return Flux.concat(Flux.just(firstChunk).map(text -> ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))),
            Flux.never());
    }

    /**
     * A body of {@code size} bytes of {@code '0'}, produced in 64 KiB chunks as it is read.
     *
     * @param size the size, a multiple of 64 KiB
     * @return the body
     */
    static Flux<ByteBuffer> zeros(int size) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) '0');
        return Flux.range(0, size / chunk.length).map(i -> ByteBuffer.wrap(chunk).asReadOnlyBuffer());
    }

    /**
     * A transport that answers every request, on both paths, with what {@code answer} makes of it.
     *
     * @param answer makes the response of a request
     * @return the client
     */
    static HttpClient client(Function<HttpRequest, HttpResponse> answer) {
        return new HttpClient() {
            @Override
            public Mono<HttpResponse> send(HttpRequest request) {
                return Mono.fromSupplier(() -> answer.apply(request));
            }

            @Override
            public HttpResponse sendSync(HttpRequest request, Context context) {
                return answer.apply(request);
            }
        };
    }

    boolean bodySubscribed() {
        return subscribed.get();
    }

    long bytesServed() {
        return bytesServed.get();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** The first chunk of the body as text, waiting at most 10 seconds for it. */
    String firstChunk() {
        return getBody().next().map(buffer -> StandardCharsets.UTF_8.decode(buffer).toString())
            .block(Duration.ofSeconds(10));
    }

    @Override
    public int getStatusCode() {
        return 200;
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

    @Override
    public Flux<ByteBuffer> getBody() {
        return body.doOnSubscribe(subscription -> subscribed.set(true))
            .doOnNext(buffer -> bytesServed.addAndGet(buffer.remaining()));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return FluxUtil.collectBytesInByteBufferStream(getBody());
    }

    @Override
    public Mono<String> getBodyAsString() {
        return getBodyAsString(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
        return getBodyAsByteArray().map(bytes -> new String(bytes, charset));
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
