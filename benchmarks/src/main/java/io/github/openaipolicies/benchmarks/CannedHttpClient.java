package io.github.openaipolicies.benchmarks;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * A no-network {@link HttpClient} that answers every request at once with 200 and a small embeddings JSON body, so a
 * benchmark through it measures the pipeline's policies and nothing else.
 */
final class CannedHttpClient implements HttpClient {
    /** The body of every answer: an embeddings response with one four-dimensional vector. */
    static final String BODY = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
        + "\"embedding\":[0.0123,-0.0456,0.0789,-0.0012]}],\"model\":\"text-embedding-3-small\","
        + "\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}";

    private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    private final HttpHeaders headers = new HttpHeaders()
        .set(HttpHeaderName.CONTENT_TYPE, "application/json")
        .set(HttpHeaderName.CONTENT_LENGTH, Integer.toString(BODY_BYTES.length))
        .set(HttpHeaderName.fromString("apim-request-id"), "00000000-0000-0000-0000-000000000000")
        .set(HttpHeaderName.fromString("x-ms-region"), "Sweden Central")
        .set(HttpHeaderName.fromString("x-ratelimit-remaining-requests"), "119")
        .set(HttpHeaderName.fromString("x-ratelimit-remaining-tokens"), "119990");

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromSupplier(() -> answer(request));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return answer(request);
    }

    private HttpResponse answer(HttpRequest request) {
        return new CannedHttpResponse(request, 200, headers, BODY_BYTES);
    }
}
