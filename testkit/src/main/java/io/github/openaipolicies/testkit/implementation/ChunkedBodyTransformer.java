package io.github.openaipolicies.testkit.implementation;

import com.github.tomakehurst.wiremock.common.InputStreamSource;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Makes WireMock send a marked answer without {@code Content-Length}, as chunked transfer encoding (as Azure sends
 * Server-Sent Events): WireMock declares a length for bodies it holds in memory, and not for bodies it reads from a
 * stream, so this transformer hands it the same bytes as a stream and removes the marker header.
 */
public final class ChunkedBodyTransformer implements ResponseTransformerV2 {
    /** The header, set by {@link SimulatorTransformer} and never sent, that marks an answer to send chunked. */
    public static final String MARKER = "x-simulator-chunked";

    /** The extension's name in WireMock. */
    public static final String NAME = "azure-openai-simulator-chunked";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        if (!response.getHeaders().getHeader(MARKER).isPresent()) {
            return response;
        }
        byte[] body = response.getBody();
        InputStreamSource stream = () -> new ByteArrayInputStream(body);
        List<HttpHeader> kept = response.getHeaders().all().stream()
            .filter(header -> !header.key().equalsIgnoreCase(MARKER))
            .toList();
        return Response.Builder.like(response).but().headers(new HttpHeaders(kept)).body(stream).build();
    }
}
