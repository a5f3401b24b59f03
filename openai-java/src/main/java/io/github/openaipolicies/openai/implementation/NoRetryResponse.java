// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;

/**
 * A response as the wrapper hands it to openai-java: {@code x-should-retry: false} set on it, which openai-java's own
 * retry obeys before anything else, so an answer the policies decided not to retry is never retried a second time.
 * The body is the transport's stream as it is (openai-java reads stream completion from it), or the bytes already
 * read to find an error code.
 */
public final class NoRetryResponse implements HttpResponse {
    /** The header openai-java's {@code RetryingHttpClient} reads first. */
    public static final String X_SHOULD_RETRY = "x-should-retry";

    private final HttpResponse response;
    private final Headers headers;
    private final byte[] body;

    private NoRetryResponse(HttpResponse response, byte[] body) {
        this.response = response;
        this.headers = response.headers().toBuilder().replace(X_SHOULD_RETRY, "false").build();
        this.body = body;
    }

    /**
     * Marks a response; its body stays the transport's stream.
     *
     * @param response the transport's response
     * @return the marked response
     */
    public static HttpResponse of(HttpResponse response) {
        return new NoRetryResponse(response, null);
    }

    /**
     * Marks a response whose body was read (and the transport's response closed).
     *
     * @param response the transport's response, closed
     * @param body its body
     * @return the marked response, its body read from {@code body}
     */
    public static HttpResponse of(HttpResponse response, byte[] body) {
        return new NoRetryResponse(response, body);
    }

    /** {@return whether the body was read into memory} */
    boolean isBuffered() {
        return body != null;
    }

    /** {@return the body read into memory, or null} */
    byte[] bufferedBody() {
        return body;
    }

    @Override
    public int statusCode() {
        return response.statusCode();
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public Optional<String> requestId() {
        return response.requestId();
    }

    @Override
    public InputStream body() {
        return body == null ? response.body() : new ByteArrayInputStream(body);
    }

    @Override
    public void close() {
        response.close();
    }
}
