// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A response whose body was read to the end (the transport's response closed), to find a 429's error code; its body
 * is replayed from memory.
 */
final class BufferedResponse implements HttpResponse {
    private final HttpResponse response;
    private final byte[] body;

    private BufferedResponse(HttpResponse response, byte[] body) {
        this.response = response;
        this.body = body;
    }

    /**
     * Reads a response's body to the end and closes the response.
     *
     * @param response the response
     * @return the same status and headers, the body in memory
     * @throws UncheckedIOException if the body cannot be read (the response is closed anyway)
     */
    static BufferedResponse read(HttpResponse response) {
        try (response; InputStream stream = response.body()) {
            return new BufferedResponse(response, stream.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the body's bytes} */
    byte[] bytes() {
        return body;
    }

    @Override
    public int statusCode() {
        return response.statusCode();
    }

    @Override
    public Headers headers() {
        return response.headers();
    }

    @Override
    public Optional<String> requestId() {
        return response.requestId();
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public void close() {
        // Closed when read.
    }
}
