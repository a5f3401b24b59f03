// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An immutable snapshot of an adapter's logging options, with the header lists the per-attempt log line works from.
 * Header names are lower case. The azure-core adapter builds it from {@code RequestLoggingOptions}.
 *
 * @param successLevel level of a successful attempt
 * @param failureLevel level of a failed or suspicious attempt
 * @param logBodies whether bodies are logged
 * @param maxBodyLogSize how many characters of a body are logged at most
 * @param allowedQueryParams lower-case names of the query parameters whose values are logged
 * @param credentialHeaders headers whose values are never logged and whose values are counted
 * @param secretHeaders every header whose values are never logged ({@link #NEVER_LOGGED} and the credential
 *     headers): their values are also removed from logged bodies and exception messages
 * @param requestHeaders request headers whose values are logged
 * @param responseHeaders response headers whose values are logged
 * @param additionalHeaders headers logged from the response, or from the request when the response lacks them
 */
public record LoggingConfig(LogLevel successLevel, LogLevel failureLevel, boolean logBodies, int maxBodyLogSize,
    Set<String> allowedQueryParams, List<String> credentialHeaders, List<String> secretHeaders,
    List<String> requestHeaders, List<String> responseHeaders, List<String> additionalHeaders) {

    /** The credential headers always counted and never logged. */
    public static final List<String> BUILT_IN_CREDENTIAL_HEADERS = List.of(CredentialValues.AUTHORIZATION,
        CredentialValues.API_KEY, CredentialValues.SUBSCRIPTION_KEY);

    /** The smallest {@link #bodyReadLimit()}: 16 KiB, as azure-core's {@code HttpLoggingPolicy}. */
    public static final long MIN_BODY_READ_LIMIT = 16 * 1024;

    /** Request headers always logged. */
    public static final List<String> BUILT_IN_REQUEST_HEADERS = List.of("x-ms-client-request-id");

    /** Response headers always logged. */
    public static final List<String> BUILT_IN_RESPONSE_HEADERS = List.of("apim-request-id", "x-request-id",
        "x-ms-region", "retry-after", "retry-after-ms", "x-ratelimit-remaining-requests",
        "x-ratelimit-remaining-tokens");

    /** Headers whose values are never logged, whatever the options say. */
    public static final Set<String> NEVER_LOGGED = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
        CredentialValues.AUTHORIZATION, CredentialValues.API_KEY, CredentialValues.SUBSCRIPTION_KEY,
        "proxy-authorization", "cookie", "set-cookie")));

    /**
     * Takes a snapshot of logging options.
     *
     * @param successLevel level of a successful attempt
     * @param failureLevel level of a failed or suspicious attempt
     * @param logBodies whether bodies are logged
     * @param maxBodyLogSize how many characters of a body are logged at most
     * @param allowedQueryParams lower-case names of the query parameters whose values are logged
     * @param additionalLoggedHeaders headers to log besides the built-in ones (any case); credential and cookie
     *     headers among them are not logged
     * @param additionalRedactedHeaders further credential headers (any case): counted, never logged, removed from
     *     logged text
     * @return the snapshot
     */
    public static LoggingConfig of(LogLevel successLevel, LogLevel failureLevel, boolean logBodies,
        int maxBodyLogSize, Set<String> allowedQueryParams, Collection<String> additionalLoggedHeaders,
        Collection<String> additionalRedactedHeaders) {
        Set<String> credentials = new LinkedHashSet<>(BUILT_IN_CREDENTIAL_HEADERS);
        credentials.addAll(lowerCase(additionalRedactedHeaders));
        Set<String> secrets = new LinkedHashSet<>(NEVER_LOGGED);
        secrets.addAll(credentials);
        List<String> additional = new ArrayList<>();
        for (String name : lowerCase(additionalLoggedHeaders)) {
            if (!credentials.contains(name) && !NEVER_LOGGED.contains(name)
                && !BUILT_IN_REQUEST_HEADERS.contains(name) && !BUILT_IN_RESPONSE_HEADERS.contains(name)) {
                additional.add(name);
            }
        }
        return new LoggingConfig(successLevel, failureLevel, logBodies, maxBodyLogSize, Set.copyOf(allowedQueryParams),
            List.copyOf(credentials), List.copyOf(secrets), BUILT_IN_REQUEST_HEADERS, BUILT_IN_RESPONSE_HEADERS,
            List.copyOf(additional));
    }

    private static Set<String> lowerCase(Collection<String> names) {
        Set<String> lower = new LinkedHashSet<>();
        for (String name : names) {
            lower.add(name.toLowerCase(Locale.ROOT));
        }
        return lower;
    }

    /**
     * The largest body, in bytes, that is read to be logged: {@link #MIN_BODY_READ_LIMIT} or
     * {@link #maxBodyLogSize()}, whichever is larger, so that a body of up to {@code maxBodyLogSize} characters is
     * logged whole.
     *
     * @return the limit in bytes
     */
    public long bodyReadLimit() {
        return Math.max(MIN_BODY_READ_LIMIT, maxBodyLogSize);
    }
}
