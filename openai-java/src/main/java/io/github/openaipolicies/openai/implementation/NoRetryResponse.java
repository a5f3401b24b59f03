// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;

import java.io.InputStream;
import java.util.Optional;

/**
 * A response as the wrapper hands it to openai-java: {@code x-should-retry: false} set on it, which openai-java's own
 * retry obeys before anything else, so an answer the policies decided not to retry is never retried a second time.
 * The body is the wrapped response's: the transport's stream as it is (openai-java reads stream completion from it),
 * or the bytes already read to find an error code.
 */
public final class NoRetryResponse implements HttpResponse {
    /** The header openai-java's {@code RetryingHttpClient} reads first. */
    public static final String X_SHOULD_RETRY = "x-should-retry";

    private final HttpResponse response;
    private final Headers headers;

    private NoRetryResponse(HttpResponse response) {
        this.response = response;
        this.headers = response.headers().toBuilder().replace(X_SHOULD_RETRY, "false").build();
    }

    /**
     * Marks a response; its body stays the wrapped one.
     *
     * @param response the response
     * @return the marked response
     */
    public static HttpResponse of(HttpResponse response) {
        return new NoRetryResponse(response);
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
        return response.body();
    }

    @Override
    public void close() {
        response.close();
    }
}
