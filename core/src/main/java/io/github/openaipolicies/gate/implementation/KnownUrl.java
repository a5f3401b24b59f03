// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import java.net.URL;

/**
 * A {@link io.github.openaipolicies.gate.RequestView} whose client already holds the URL parsed (azure-core's
 * request does): {@link QuotaKeys} reads it instead of parsing {@code url()} again on every attempt.
 */
public interface KnownUrl {
    /**
     * The request's URL, parsed; the same URL as the view's {@code url()}.
     *
     * @return the URL
     */
    URL parsedUrl();
}
