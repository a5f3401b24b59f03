// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.util.logging.LogLevel;
import io.github.openaipolicies.core.implementation.LoggingConfig;
import io.github.openaipolicies.implementation.AzureLogLevels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Options of {@link RequestLoggingPolicy}: mutable, fluent, validated. The policy copies them when it is created, so
 * later changes do not affect a policy already built.
 *
 * <p>Defaults: successful attempts at {@link LogLevel#INFORMATIONAL}, failed or suspicious attempts (status 400 or
 * above, an exception, a credential header with more than one value) at {@link LogLevel#WARNING}; bodies not logged,
 * and when turned on cut at 4096 characters; only the {@code api-version} query parameter shown, every other value
 * replaced by {@code REDACTED}; no extra headers logged or redacted.</p>
 */
public final class RequestLoggingOptions {
    /** Default of {@link #getMaxBodyLogSize()}: 4096 characters. */
    public static final int DEFAULT_MAX_BODY_LOG_SIZE = 4096;
    /** Largest value {@link #setMaxBodyLogSize(int)} accepts: 1 MiB. */
    public static final int MAX_BODY_LOG_SIZE_LIMIT = 1024 * 1024;

    private LogLevel logLevel = LogLevel.INFORMATIONAL;
    private LogLevel failureLogLevel = LogLevel.WARNING;
    private boolean logBodies;
    private int maxBodyLogSize = DEFAULT_MAX_BODY_LOG_SIZE;
    private Set<String> allowedQueryParams = Set.of("api-version");
    private Set<HttpHeaderName> additionalLoggedHeaders = Set.of();
    private Set<HttpHeaderName> additionalRedactedHeaders = Set.of();

    /** Creates options with the defaults described on the class. */
    public RequestLoggingOptions() {
    }

    /**
     * The level of the line for a successful attempt (status below 400, one value per credential header).
     *
     * @return the level, {@link LogLevel#INFORMATIONAL} by default
     */
    public LogLevel getLogLevel() {
        return logLevel;
    }

    /**
     * Sets the level of the line for a successful attempt.
     *
     * @param logLevel {@code VERBOSE}, {@code INFORMATIONAL}, {@code WARNING} or {@code ERROR}
     * @return these options
     * @throws NullPointerException if {@code logLevel} is null
     * @throws IllegalArgumentException if {@code logLevel} is {@link LogLevel#NOT_SET}
     */
    public RequestLoggingOptions setLogLevel(LogLevel logLevel) {
        this.logLevel = validLevel(logLevel, "logLevel");
        return this;
    }

    /**
     * The level of the line for a failed or suspicious attempt: status 400 or above, an exception, or a credential
     * header carrying more than one value.
     *
     * @return the level, {@link LogLevel#WARNING} by default
     */
    public LogLevel getFailureLogLevel() {
        return failureLogLevel;
    }

    /**
     * Sets the level of the line for a failed or suspicious attempt.
     *
     * @param failureLogLevel {@code VERBOSE}, {@code INFORMATIONAL}, {@code WARNING} or {@code ERROR}
     * @return these options
     * @throws NullPointerException if {@code failureLogLevel} is null
     * @throws IllegalArgumentException if {@code failureLogLevel} is {@link LogLevel#NOT_SET}
     */
    public RequestLoggingOptions setFailureLogLevel(LogLevel failureLogLevel) {
        this.failureLogLevel = validLevel(failureLogLevel, "failureLogLevel");
        return this;
    }

    /**
     * Whether request and response bodies are logged (text and JSON content types only, length known and at most
     * 16 KiB or {@link #getMaxBodyLogSize()} bytes, whichever is larger, cut at {@link #getMaxBodyLogSize()}
     * characters, values of never-logged headers removed).
     *
     * @return {@code false} by default
     */
    public boolean isLogBodies() {
        return logBodies;
    }

    /**
     * Turns body logging on or off. With bodies on, a text or JSON response body whose length is known and within
     * the limit above is read into memory before the response is handed on, so that the caller still reads all of
     * it; any other body (unknown length such as chunked or {@code text/event-stream}, or larger) passes through
     * untouched and is not logged. A request body is logged only when it can be read again.
     *
     * @param logBodies whether to log bodies
     * @return these options
     */
    public RequestLoggingOptions setLogBodies(boolean logBodies) {
        this.logBodies = logBodies;
        return this;
    }

    /**
     * How many characters of a body are logged at most (after credential values are removed).
     *
     * @return the cap, {@value #DEFAULT_MAX_BODY_LOG_SIZE} by default
     */
    public int getMaxBodyLogSize() {
        return maxBodyLogSize;
    }

    /**
     * Sets how many characters of a body are logged at most.
     *
     * @param maxBodyLogSize from 0 to {@value #MAX_BODY_LOG_SIZE_LIMIT}
     * @return these options
     * @throws IllegalArgumentException if {@code maxBodyLogSize} is out of range
     */
    public RequestLoggingOptions setMaxBodyLogSize(int maxBodyLogSize) {
        if (maxBodyLogSize < 0 || maxBodyLogSize > MAX_BODY_LOG_SIZE_LIMIT) {
            throw new IllegalArgumentException("'maxBodyLogSize' must be between 0 and " + MAX_BODY_LOG_SIZE_LIMIT
                + ", was " + maxBodyLogSize + ".");
        }
        this.maxBodyLogSize = maxBodyLogSize;
        return this;
    }

    /**
     * Names of the query parameters whose values are logged (compared ignoring case); every other value is replaced
     * by {@code REDACTED}.
     *
     * @return an unmodifiable set, {@code {api-version}} by default
     */
    public Set<String> getAllowedQueryParams() {
        return allowedQueryParams;
    }

    /**
     * Sets the query parameters whose values are logged, replacing the default {@code {api-version}}.
     *
     * @param allowedQueryParams parameter names; an empty set redacts every value
     * @return these options
     * @throws NullPointerException if the set or one of its names is null
     */
    public RequestLoggingOptions setAllowedQueryParams(Set<String> allowedQueryParams) {
        Objects.requireNonNull(allowedQueryParams, "'allowedQueryParams' cannot be null.");
        Set<String> copy = new LinkedHashSet<>();
        for (String name : allowedQueryParams) {
            copy.add(Objects.requireNonNull(name, "'allowedQueryParams' cannot contain null.").toLowerCase(Locale.ROOT));
        }
        this.allowedQueryParams = Collections.unmodifiableSet(copy);
        return this;
    }

    /**
     * Headers logged in addition to the built-in ones (request and rate-limit ids, {@code retry-after}, ...).
     *
     * @return an unmodifiable set, empty by default
     */
    public Set<HttpHeaderName> getAdditionalLoggedHeaders() {
        return additionalLoggedHeaders;
    }

    /**
     * Sets headers to log in addition to the built-in ones, for example {@code x-ratelimit-limit-tokens}.
     *
     * @param additionalLoggedHeaders header names
     * @return these options
     * @throws NullPointerException if the set or one of its names is null
     * @throws IllegalArgumentException if a name is a credential or cookie header, whose values are never logged
     */
    public RequestLoggingOptions setAdditionalLoggedHeaders(Set<HttpHeaderName> additionalLoggedHeaders) {
        Set<HttpHeaderName> copy = copyNames(additionalLoggedHeaders, "additionalLoggedHeaders");
        for (HttpHeaderName name : copy) {
            if (LoggingConfig.NEVER_LOGGED.contains(name.getCaseInsensitiveName())) {
                throw new IllegalArgumentException("'additionalLoggedHeaders' cannot contain '"
                    + name.getCaseInsensitiveName() + "': its values are never logged.");
            }
        }
        this.additionalLoggedHeaders = copy;
        return this;
    }

    /**
     * Further credential headers, in addition to {@code Authorization}, {@code api-key},
     * {@code Ocp-Apim-Subscription-Key}, {@code Proxy-Authorization} and cookies: their values are never logged (not
     * even when also named in {@link #setAdditionalLoggedHeaders(Set)}), their number of values is logged, and their
     * values are removed from logged bodies and exception messages.
     *
     * @return an unmodifiable set, empty by default
     */
    public Set<HttpHeaderName> getAdditionalRedactedHeaders() {
        return additionalRedactedHeaders;
    }

    /**
     * Sets further credential headers whose values are never logged.
     *
     * @param additionalRedactedHeaders header names
     * @return these options
     * @throws NullPointerException if the set or one of its names is null
     */
    public RequestLoggingOptions setAdditionalRedactedHeaders(Set<HttpHeaderName> additionalRedactedHeaders) {
        this.additionalRedactedHeaders = copyNames(additionalRedactedHeaders, "additionalRedactedHeaders");
        return this;
    }

    /** A snapshot of these options, with lower-case header names, for the core's log line. */
    LoggingConfig toLoggingConfig() {
        return LoggingConfig.of(AzureLogLevels.toCore(getLogLevel()), AzureLogLevels.toCore(getFailureLogLevel()),
            isLogBodies(), getMaxBodyLogSize(), getAllowedQueryParams(), names(getAdditionalLoggedHeaders()),
            names(getAdditionalRedactedHeaders()));
    }

    private static List<String> names(Set<HttpHeaderName> names) {
        List<String> lowerCase = new ArrayList<>();
        for (HttpHeaderName name : names) {
            lowerCase.add(name.getCaseInsensitiveName());
        }
        return lowerCase;
    }

    private static Set<HttpHeaderName> copyNames(Set<HttpHeaderName> names, String option) {
        Objects.requireNonNull(names, "'" + option + "' cannot be null.");
        Set<HttpHeaderName> copy = new LinkedHashSet<>();
        for (HttpHeaderName name : names) {
            copy.add(Objects.requireNonNull(name, "'" + option + "' cannot contain null."));
        }
        return Collections.unmodifiableSet(copy);
    }

    private static LogLevel validLevel(LogLevel level, String option) {
        Objects.requireNonNull(level, "'" + option + "' cannot be null.");
        if (level == LogLevel.NOT_SET) {
            throw new IllegalArgumentException("'" + option + "' must be VERBOSE, INFORMATIONAL, WARNING or ERROR.");
        }
        return level;
    }
}
