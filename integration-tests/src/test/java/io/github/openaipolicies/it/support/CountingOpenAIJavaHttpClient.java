// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The openai-java twin of {@link CountingHttpClient}: a transport wrapper (under {@code OpenAIJavaPolicies.wrap})
 * that counts the responses it hands out and the ones closed, grouped by the call their request belongs to, named
 * from the request's body (a repeatable JSON body, read without consuming it).
 */
public final class CountingOpenAIJavaHttpClient implements HttpClient {
    private final HttpClient delegate;
    private final Function<String, String> key;
    private final ResponseLedger ledger = new ResponseLedger();

    /**
     * Wraps a transport.
     *
     * @param delegate the transport
     * @param key names the call a request belongs to, from its body
     */
    public CountingOpenAIJavaHttpClient(HttpClient delegate, Function<String, String> key) {
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
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        String call = key.apply(body(request));
        HttpResponse response = delegate.execute(request, requestOptions);
        return new CountedResponse(response, ledger.open(call, response.statusCode()));
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        String call = key.apply(body(request));
        return delegate.executeAsync(request, requestOptions)
            .thenApply(response -> new CountedResponse(response, ledger.open(call, response.statusCode())));
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static String body(HttpRequest request) {
        HttpRequestBody body = request.body();
        if (body == null || !body.repeatable()) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.writeTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A response that reports its {@code close()} and its body being taken. */
    private static final class CountedResponse implements HttpResponse {
        private final HttpResponse inner;
        private final ResponseLedger.Entry entry;

        CountedResponse(HttpResponse inner, ResponseLedger.Entry entry) {
            this.inner = inner;
            this.entry = entry;
        }

        @Override
        public int statusCode() {
            return inner.statusCode();
        }

        @Override
        public Headers headers() {
            return inner.headers();
        }

        @Override
        public Optional<String> requestId() {
            return inner.requestId();
        }

        @Override
        public InputStream body() {
            entry.bodyTaken();
            return inner.body();
        }

        @Override
        public void close() {
            entry.closed();
            inner.close();
        }
    }
}
