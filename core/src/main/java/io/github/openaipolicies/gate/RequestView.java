// Licensed under the MIT License.
package io.github.openaipolicies.gate;

/**
 * What the gate may read of an attempt's request, whatever HTTP client sends it: enough to tell which quota it draws
 * on and to estimate its token cost. Each adapter wraps its client's request in one (azure-core's
 * {@code HttpRequest}, openai-java's {@code HttpRequest}, OkHttp's {@code Request}); a custom
 * {@linkplain ThrottleGateOptions#setQuotaKeyResolver quota key resolver} receives it.
 *
 * <p>Reading a view never does I/O: a body is offered only when it is already in memory.</p>
 */
public interface RequestView {
    /**
     * The HTTP method, upper case.
     *
     * @return the method, such as {@code POST}
     */
    String method();

    /**
     * The absolute URL the attempt goes to, as sent.
     *
     * @return the URL, such as {@code https://contoso.openai.azure.com/openai/deployments/emb/embeddings?api-version=1}
     */
    String url();

    /**
     * A request header, by case-insensitive name.
     *
     * @param name the header's name
     * @return its value (several values joined by {@code ","}), or null when the request has no such header
     */
    String header(String name);

    /**
     * The body's bytes when they are in memory and at most {@code maxBytes} long, without I/O. The default has none.
     *
     * @param maxBytes the longest body to return
     * @return the bytes, not to be changed; or null when there is no body, it is not in memory or it is longer
     */
    default byte[] bodyIfInMemory(int maxBytes) {
        return null;
    }
}
