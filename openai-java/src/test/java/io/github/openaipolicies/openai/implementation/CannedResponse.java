// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A response with a fixed status, headers and body, that knows whether it was closed. */
final class CannedResponse implements HttpResponse {
    private final int status;
    private final Headers headers;
    private final InputStream body;
    private volatile boolean closed;

    CannedResponse(int status, Headers headers, String body) {
        this.status = status;
        this.headers = headers;
        this.body = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    static CannedResponse of(int status, String... headerNamesAndValues) {
        return withBody(status, "{}", headerNamesAndValues);
    }

    static CannedResponse withBody(int status, String body, String... headerNamesAndValues) {
        Headers.Builder headers = Headers.builder();
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            headers.put(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        return new CannedResponse(status, headers.build(), body);
    }

    boolean isClosed() {
        return closed;
    }

    /** {@return the stream {@link #body()} returns, the same instance every time} */
    InputStream stream() {
        return body;
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        closed = true;
    }
}
