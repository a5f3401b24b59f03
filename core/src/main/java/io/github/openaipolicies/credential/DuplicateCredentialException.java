// Licensed under the MIT License.
package io.github.openaipolicies.credential;

import java.util.Objects;

/**
 * Thrown when a request carries several <em>different</em> values of a credential header, by every adapter's
 * credential guard (azure-core's {@code DedupeAuthPolicy}, the openai-java wrapper).
 *
 * <p>Such a request is never sent: the service would answer it with 401, and any of the values could be the wrong
 * one. The message names the header and says what to do; it never contains a value.</p>
 */
public final class DuplicateCredentialException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private static final String DEFAULT_ADVICE = "Something probably adds this header on every try instead of "
        + "setting it.";

    /** The credential header's name, as the thrower gave it; never a value. */
    private final String headerName;

    /**
     * Creates the exception for a header that carried several different values, with a generic hint at the cause.
     *
     * @param headerName the credential header's name, as it should appear in the message; never its value
     * @param distinctValues how many different values the header carried
     * @throws NullPointerException if {@code headerName} is null
     */
    public DuplicateCredentialException(String headerName, int distinctValues) {
        this(headerName, distinctValues, DEFAULT_ADVICE);
    }

    /**
     * Creates the exception for a header that carried several different values, with the adapter's advice on what to
     * do (such as how to set a header instead of adding it in that HTTP client).
     *
     * @param headerName the credential header's name, as it should appear in the message; never its value
     * @param distinctValues how many different values the header carried
     * @param advice one or more sentences appended to the message; must not contain a credential
     * @throws NullPointerException if {@code headerName} or {@code advice} is null
     */
    public DuplicateCredentialException(String headerName, int distinctValues, String advice) {
        super(message(Objects.requireNonNull(headerName, "'headerName' cannot be null."), distinctValues,
            Objects.requireNonNull(advice, "'advice' cannot be null.")));
        this.headerName = headerName;
    }

    /**
     * The credential header that carried several different values.
     *
     * @return the header name, as given when the exception was created
     */
    public String getHeaderName() {
        return headerName;
    }

    private static String message(String headerName, int distinctValues, String advice) {
        return "The request carries " + distinctValues + " different values of the credential header '" + headerName
            + "'; it was not sent. " + advice;
    }
}
