// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.implementation.KnownUrl;

import java.net.URL;
import java.util.Objects;

/**
 * azure-core's {@link HttpRequest} as the gate sees it: its method, URL and headers, and its body only when it is
 * already in memory ({@link InMemoryBody}). A view, not a copy: it reads the request as it is when asked.
 */
public final class AzureRequestView implements RequestView, KnownUrl {
    private final HttpRequest request;

    /**
     * Views a request.
     *
     * @param request the request
     * @throws NullPointerException if {@code request} is null
     */
    public AzureRequestView(HttpRequest request) {
        this.request = Objects.requireNonNull(request, "'request' cannot be null.");
    }

    /**
     * The viewed request.
     *
     * @return the request
     */
    public HttpRequest request() {
        return request;
    }

    @Override
    public String method() {
        return request.getHttpMethod().name();
    }

    @Override
    public String url() {
        return request.getUrl().toString();
    }

    @Override
    public URL parsedUrl() {
        return request.getUrl();
    }

    @Override
    public String header(String name) {
        return request.getHeaders().getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public byte[] bodyIfInMemory(int maxBytes) {
        return InMemoryBody.bytes(request, maxBytes);
    }
}
