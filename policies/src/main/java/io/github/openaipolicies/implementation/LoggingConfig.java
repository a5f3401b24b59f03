// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.util.logging.LogLevel;
import io.github.openaipolicies.RequestLoggingOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable snapshot of {@link RequestLoggingOptions}, with the header lists the logger works from.
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
    Set<String> allowedQueryParams, List<HttpHeaderName> credentialHeaders, List<HttpHeaderName> secretHeaders,
    List<HttpHeaderName> requestHeaders, List<HttpHeaderName> responseHeaders, List<HttpHeaderName> additionalHeaders) {

    /** The credential headers always counted and never logged. */
    public static final List<HttpHeaderName> BUILT_IN_CREDENTIAL_HEADERS = List.of(HttpHeaderName.AUTHORIZATION,
        CredentialValues.API_KEY, CredentialValues.SUBSCRIPTION_KEY);

    /** The smallest {@link #bodyReadLimit()}: 16 KiB, as azure-core's {@code HttpLoggingPolicy}. */
    public static final long MIN_BODY_READ_LIMIT = 16 * 1024;

    /** Request headers always logged. */
    public static final List<HttpHeaderName> BUILT_IN_REQUEST_HEADERS = List.of(HttpHeaderName.X_MS_CLIENT_REQUEST_ID);

    /** Response headers always logged. */
    public static final List<HttpHeaderName> BUILT_IN_RESPONSE_HEADERS = List.of(
        HttpHeaderName.fromString("apim-request-id"), HttpHeaderName.fromString("x-request-id"),
        HttpHeaderName.fromString("x-ms-region"), HttpHeaderName.RETRY_AFTER, HttpHeaderName.fromString("retry-after-ms"),
        HttpHeaderName.fromString("x-ratelimit-remaining-requests"),
        HttpHeaderName.fromString("x-ratelimit-remaining-tokens"));

    /** Headers whose values are never logged, whatever the options say. */
    public static final Set<HttpHeaderName> NEVER_LOGGED = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
        HttpHeaderName.AUTHORIZATION, CredentialValues.API_KEY, CredentialValues.SUBSCRIPTION_KEY,
        HttpHeaderName.PROXY_AUTHORIZATION, HttpHeaderName.COOKIE, HttpHeaderName.SET_COOKIE)));

    /**
     * Takes a snapshot of options.
     *
     * @param options the options
     * @return the snapshot
     */
    public static LoggingConfig from(RequestLoggingOptions options) {
        Set<HttpHeaderName> credentials = new LinkedHashSet<>(BUILT_IN_CREDENTIAL_HEADERS);
        credentials.addAll(options.getAdditionalRedactedHeaders());
        Set<HttpHeaderName> secrets = new LinkedHashSet<>(NEVER_LOGGED);
        secrets.addAll(credentials);
        List<HttpHeaderName> additional = new ArrayList<>();
        for (HttpHeaderName name : options.getAdditionalLoggedHeaders()) {
            if (!credentials.contains(name) && !NEVER_LOGGED.contains(name)
                && !BUILT_IN_REQUEST_HEADERS.contains(name) && !BUILT_IN_RESPONSE_HEADERS.contains(name)) {
                additional.add(name);
            }
        }
        return new LoggingConfig(options.getLogLevel(), options.getFailureLogLevel(), options.isLogBodies(),
            options.getMaxBodyLogSize(), Set.copyOf(options.getAllowedQueryParams()), List.copyOf(credentials),
            List.copyOf(secrets), BUILT_IN_REQUEST_HEADERS, BUILT_IN_RESPONSE_HEADERS, List.copyOf(additional));
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
