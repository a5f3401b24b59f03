// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An azure-core {@link HttpClient} for tests that answers from a script instead of the network.
 *
 * <p>Each attempt takes the next scripted step, in order: a response ({@link #respond}) or an error
 * ({@link #fail}); {@link #times(int)} repeats the last step. An attempt beyond the script fails with an
 * {@link IllegalStateException} (and is still recorded). Both {@link #send(HttpRequest) send} (async) and
 * {@link #sendSync(HttpRequest, Context) sendSync} are native, and record which path was used.</p>
 *
 * <p>Every attempt is recorded as it reached the client ({@link #attempts()}): method, URL, all header values and
 * the body bytes. Every response handed out is kept ({@link #responses()}) and knows whether it was closed and
 * whether its body was read.</p>
 *
 * <pre>{@code
 * ScriptedHttpClient client = new ScriptedHttpClient()
 *     .respond(429, ScriptedHttpClient.headers("Retry-After", "2")).times(2)
 *     .fail(new IOException("connection reset"))
 *     .respond(200, new HttpHeaders(), "{}");
 * HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client).policies(policy).build();
 * }</pre>
 */
public final class ScriptedHttpClient implements HttpClient {
    private final List<Function<HttpRequest, Answer>> script = Collections.synchronizedList(new ArrayList<>());
    private final List<RecordedRequest> attempts = Collections.synchronizedList(new ArrayList<>());
    private final List<ScriptedResponse> responses = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextStep = new AtomicInteger();

    /**
     * Creates a client with an empty script.
     */
    public ScriptedHttpClient() {
    }

    /**
     * Builds response headers from name/value pairs; a name may repeat to add a second value.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the headers
     */
    public static HttpHeaders headers(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(HttpHeaderName.fromString(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return headers;
    }

    /**
     * Scripts a response with no headers and an empty body.
     *
     * @param status the status code
     * @return this client
     */
    public ScriptedHttpClient respond(int status) {
        return respond(status, new HttpHeaders(), "");
    }

    /**
     * Scripts a response with an empty body.
     *
     * @param status the status code
     * @param headers the response headers
     * @return this client
     */
    public ScriptedHttpClient respond(int status, HttpHeaders headers) {
        return respond(status, headers, "");
    }

    /**
     * Scripts a response.
     *
     * @param status the status code
     * @param headers the response headers
     * @param body the body, sent as UTF-8
     * @return this client
     */
    public ScriptedHttpClient respond(int status, HttpHeaders headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        script.add(request -> Answer.of(new ScriptedResponse(request, status, headers, bytes)));
        return this;
    }

    /**
     * Scripts an error. The async path emits it as is; the sync path throws it as is when unchecked, wraps an
     * {@link IOException} in an {@link UncheckedIOException} (as azure-core's sync clients do) and any other checked
     * error in a {@link RuntimeException}.
     *
     * @param error the error
     * @return this client
     */
    public ScriptedHttpClient fail(Throwable error) {
        script.add(request -> Answer.of(error));
        return this;
    }

    /**
     * Repeats the last scripted step so that it occurs {@code count} times in all.
     *
     * @param count how many times the last step occurs, 1 or more
     * @return this client
     */
    public ScriptedHttpClient times(int count) {
        if (script.isEmpty() || count < 1) {
            throw new IllegalArgumentException("times(count) needs a step before it and count >= 1");
        }
        Function<HttpRequest, Answer> last = script.get(script.size() - 1);
        for (int i = 1; i < count; i++) {
            script.add(last);
        }
        return this;
    }

    /**
     * The attempts that reached this client, in order.
     *
     * @return a snapshot of the recorded attempts
     */
    public List<RecordedRequest> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    /**
     * The number of attempts that reached this client.
     *
     * @return the attempt count
     */
    public int attemptCount() {
        return attempts.size();
    }

    /**
     * The responses handed out, in order (errors are not in this list).
     *
     * @return a snapshot of the responses
     */
    public List<ScriptedResponse> responses() {
        synchronized (responses) {
            return List.copyOf(responses);
        }
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return Mono.defer(() -> readBodyAsync(request)).flatMap(body -> {
            Answer answer = record(request, body, false);
            if (answer.error != null) {
                return Mono.error(answer.error);
            }
            return Mono.just(answer.response);
        });
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        Answer answer = record(request, readBodySync(request), true);
        if (answer.error == null) {
            return answer.response;
        }
        if (answer.error instanceof RuntimeException) {
            throw (RuntimeException) answer.error;
        }
        if (answer.error instanceof Error) {
            throw (Error) answer.error;
        }
        if (answer.error instanceof IOException) {
            throw new UncheckedIOException((IOException) answer.error);
        }
        throw new RuntimeException(answer.error);
    }

    /** Streams the body, as the JDK and OkHttp transports do on their sync paths (a one-shot stream is consumed). */
    private static byte[] readBodySync(HttpRequest request) {
        BinaryData body = request.getBodyAsBinaryData();
        if (body == null) {
            return new byte[0];
        }
        try (InputStream stream = body.toStream()) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Mono<byte[]> readBodyAsync(HttpRequest request) {
        if (request.getBodyAsBinaryData() == null) {
            return Mono.just(new byte[0]);
        }
        return FluxUtil.collectBytesInByteBufferStream(request.getBody()).defaultIfEmpty(new byte[0]);
    }

    private Answer record(HttpRequest request, byte[] body, boolean sync) {
        attempts.add(new RecordedRequest(request.getHttpMethod(), request.getUrl().toString(),
            copyOf(request.getHeaders()), body, sync));
        int step = nextStep.getAndIncrement();
        if (step >= script.size()) {
            return Answer.of(new IllegalStateException(
                "ScriptedHttpClient: no scripted answer for attempt " + (step + 1) + " (script has " + script.size()
                    + " steps)"));
        }
        Answer answer = script.get(step).apply(request);
        if (answer.response != null) {
            responses.add(answer.response);
        }
        return answer;
    }

    private static Map<String, List<String>> copyOf(HttpHeaders headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (HttpHeader header : headers) {
            copy.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                .addAll(header.getValuesList());
        }
        copy.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(copy);
    }

    private static final class Answer {
        private final ScriptedResponse response;
        private final Throwable error;

        private Answer(ScriptedResponse response, Throwable error) {
            this.response = response;
            this.error = error;
        }

        static Answer of(ScriptedResponse response) {
            return new Answer(response, null);
        }

        static Answer of(Throwable error) {
            return new Answer(null, error);
        }
    }

    /**
     * One attempt as it reached the client.
     *
     * @param method the HTTP method
     * @param url the full URL
     * @param headers every header (lower-case name) with all its values, in order
     * @param body the body bytes (empty when there was none)
     * @param sync whether it came through {@code sendSync}
     */
    public record RecordedRequest(HttpMethod method, String url, Map<String, List<String>> headers, byte[] body,
        boolean sync) {
        /**
         * All values of one header.
         *
         * @param name the header name, any case
         * @return its values, empty when absent
         */
        public List<String> headerValues(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /**
         * The body as UTF-8 text.
         *
         * @return the body text
         */
        public String bodyAsString() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A scripted response that records whether it was closed and whether its body was read.
     */
    public static final class ScriptedResponse extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;
        private final byte[] body;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicBoolean bodyRead = new AtomicBoolean();

        ScriptedResponse(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
            super(request);
            this.status = status;
            this.headers = new HttpHeaders(headers);
            this.body = body.clone();
        }

        /**
         * An empty 200 without headers.
         *
         * @param request the request it answers
         * @return the response
         */
        public static ScriptedResponse emptyOk(HttpRequest request) {
            return new ScriptedResponse(request, 200, new HttpHeaders(), new byte[0]);
        }

        /**
         * Whether {@link #close()} was called.
         *
         * @return true once closed
         */
        public boolean isClosed() {
            return closed.get();
        }

        /**
         * Whether any body accessor was used.
         *
         * @return true once the body was read
         */
        public boolean isBodyRead() {
            return bodyRead.get();
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

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.defer(() -> {
                bodyRead.set(true);
                return body.length == 0 ? Flux.empty() : Flux.just(ByteBuffer.wrap(body.clone()));
            });
        }

        @Override
        public BinaryData getBodyAsBinaryData() {
            bodyRead.set(true);
            return BinaryData.fromBytes(body.clone());
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.fromSupplier(() -> {
                bodyRead.set(true);
                return body.clone();
            });
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
}
