// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaderName;

import java.util.Objects;

/**
 * Thrown by {@link DedupeAuthPolicy} when a request carries several <em>different</em> values of a credential header.
 *
 * <p>Such a request is never sent: the service would answer it with 401, and any of the values could be the wrong
 * one. The message names the header and says what to do; it never contains a value.</p>
 */
public final class DuplicateCredentialException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient HttpHeaderName headerName;

    /**
     * Creates the exception for a header that carried several different values.
     *
     * @param headerName the credential header, never its value
     * @param distinctValues how many different values the header carried
     * @throws NullPointerException if {@code headerName} is null
     */
    public DuplicateCredentialException(HttpHeaderName headerName, int distinctValues) {
        super(message(Objects.requireNonNull(headerName, "'headerName' cannot be null."), distinctValues));
        this.headerName = headerName;
    }

    /**
     * The credential header that carried several different values.
     *
     * @return the header name
     */
    public HttpHeaderName getHeaderName() {
        return headerName;
    }

    private static String message(HttpHeaderName headerName, int distinctValues) {
        return "The request carries " + distinctValues + " different values of the credential header '"
            + headerName.getCaseSensitiveName() + "'; it was not sent. A policy probably adds this header on every "
            + "try instead of setting it: write it with HttpHeaders.set, or wrap the pipeline with "
            + "OpenAIPipelines.harden(...).";
    }
}
