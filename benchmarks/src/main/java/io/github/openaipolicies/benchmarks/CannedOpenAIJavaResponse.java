// Licensed under the MIT License.
package io.github.openaipolicies.benchmarks;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * An openai-java {@link HttpResponse} whose body is a byte array in memory: the canned answers of
 * {@link CannedOpenAIJavaHttpClient} and the rewritten 429s of {@link MessyThrottleOpenAIJavaClient}.
 */
final class CannedOpenAIJavaResponse implements HttpResponse {
    private final int statusCode;
    private final Headers headers;
    private final byte[] body;

    /**
     * An answer.
     *
     * @param statusCode the status
     * @param headers the headers
     * @param body the body, not copied
     */
    CannedOpenAIJavaResponse(int statusCode, Headers headers, byte[] body) {
        this.statusCode = statusCode;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    public int statusCode() {
        return statusCode;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public void close() {
        // nothing to release: the body is in memory
    }
}
