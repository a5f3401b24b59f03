// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpRequest;

import java.net.URL;
import java.util.Locale;

/**
 * The default quota key of a request: scheme, host, port and the {@code /openai/deployments/{name}} path segment for
 * Azure OpenAI; scheme, host, port and path (no query) for any other URL, such as the {@code /v1} shape. Pure.
 */
public final class QuotaKeys {
    private static final String DEPLOYMENTS = "/openai/deployments/";

    private QuotaKeys() {
    }

    /**
     * The default quota key of a request.
     *
     * @param request the request
     * @return the key
     */
    public static String of(HttpRequest request) {
        return of(request.getUrl());
    }

    /**
     * The default quota key of a URL.
     *
     * @param url the URL
     * @return the key
     */
    public static String of(URL url) {
        String scheme = url.getProtocol().toLowerCase(Locale.ROOT);
        int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
        String origin = scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        String path = url.getPath();
        int deployments = path.indexOf(DEPLOYMENTS);
        if (deployments >= 0) {
            int nameStart = deployments + DEPLOYMENTS.length();
            int nameEnd = path.indexOf('/', nameStart);
            return origin + path.substring(deployments, nameEnd < 0 ? path.length() : nameEnd);
        }
        return origin + path;
    }
}
