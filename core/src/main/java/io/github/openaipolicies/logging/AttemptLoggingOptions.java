// Licensed under the MIT License.
package io.github.openaipolicies.logging;

import org.slf4j.event.Level;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The one line an adapter logs for every attempt (through slf4j): method, URL with query values redacted except
 * allowed ones, attempt number, chosen headers, credential headers as counts (never values), status or exception,
 * duration, the gate's hold, and what the retry decided. Bodies are never logged by these adapters: their responses
 * may be streams the caller reads.
 *
 * <p>Defaults: enabled; a successful attempt at {@link Level#INFO}, a failed one (an error, or a status of 400 and
 * above) at {@link Level#WARN}; only {@code api-version} shown among query parameters.</p>
 */
public final class AttemptLoggingOptions {
    private boolean enabled = true;
    private Level logLevel = Level.INFO;
    private Level failureLogLevel = Level.WARN;
    private Set<String> allowedQueryParams = Set.of("api-version");
    private Set<String> additionalLoggedHeaders = Set.of();
    private Set<String> additionalRedactedHeaders = Set.of();

    /** Creates the defaults. */
    public AttemptLoggingOptions() {
    }

    /**
     * Copies other options.
     *
     * @param other the options to copy
     * @throws NullPointerException if {@code other} is null
     */
    public AttemptLoggingOptions(AttemptLoggingOptions other) {
        Objects.requireNonNull(other, "'other' cannot be null.");
        this.enabled = other.enabled;
        this.logLevel = other.logLevel;
        this.failureLogLevel = other.failureLogLevel;
        this.allowedQueryParams = other.allowedQueryParams;
        this.additionalLoggedHeaders = other.additionalLoggedHeaders;
        this.additionalRedactedHeaders = other.additionalRedactedHeaders;
    }

    /**
     * Whether a line is logged for every attempt.
     *
     * @return true unless turned off
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Turns the attempt lines on or off.
     *
     * @param enabled false to log no attempt line
     * @return these options
     */
    public AttemptLoggingOptions setEnabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    /**
     * The level of a successful attempt's line.
     *
     * @return the level, {@link Level#INFO} by default
     */
    public Level getLogLevel() {
        return logLevel;
    }

    /**
     * Sets the level of a successful attempt's line.
     *
     * @param logLevel the level
     * @return these options
     * @throws NullPointerException if {@code logLevel} is null
     */
    public AttemptLoggingOptions setLogLevel(Level logLevel) {
        this.logLevel = Objects.requireNonNull(logLevel, "'logLevel' cannot be null.");
        return this;
    }

    /**
     * The level of a failed attempt's line (an error, or a status of 400 and above).
     *
     * @return the level, {@link Level#WARN} by default
     */
    public Level getFailureLogLevel() {
        return failureLogLevel;
    }

    /**
     * Sets the level of a failed attempt's line.
     *
     * @param failureLogLevel the level
     * @return these options
     * @throws NullPointerException if {@code failureLogLevel} is null
     */
    public AttemptLoggingOptions setFailureLogLevel(Level failureLogLevel) {
        this.failureLogLevel = Objects.requireNonNull(failureLogLevel, "'failureLogLevel' cannot be null.");
        return this;
    }

    /**
     * The query parameters whose values are shown in the logged URL; every other value is redacted.
     *
     * @return the names, unmodifiable
     */
    public Set<String> getAllowedQueryParams() {
        return allowedQueryParams;
    }

    /**
     * Sets the query parameters whose values are shown in the logged URL.
     *
     * @param allowedQueryParams the names
     * @return these options
     * @throws NullPointerException if {@code allowedQueryParams} or one of its names is null
     */
    public AttemptLoggingOptions setAllowedQueryParams(Set<String> allowedQueryParams) {
        this.allowedQueryParams = copy(allowedQueryParams, "allowedQueryParams", false);
        return this;
    }

    /**
     * Request or response headers logged with their value, besides the built-in ones.
     *
     * @return the lower-case names, unmodifiable
     */
    public Set<String> getAdditionalLoggedHeaders() {
        return additionalLoggedHeaders;
    }

    /**
     * Sets request or response headers to log with their value. A credential header is never logged, whatever
     * this says.
     *
     * @param additionalLoggedHeaders the names, any case
     * @return these options
     * @throws NullPointerException if {@code additionalLoggedHeaders} or one of its names is null
     */
    public AttemptLoggingOptions setAdditionalLoggedHeaders(Set<String> additionalLoggedHeaders) {
        this.additionalLoggedHeaders = copy(additionalLoggedHeaders, "additionalLoggedHeaders", true);
        return this;
    }

    /**
     * Request headers that carry secrets besides the built-in credential headers: logged as counts, and their
     * values scrubbed from every logged text.
     *
     * @return the lower-case names, unmodifiable
     */
    public Set<String> getAdditionalRedactedHeaders() {
        return additionalRedactedHeaders;
    }

    /**
     * Sets request headers that carry secrets besides the built-in credential headers.
     *
     * @param additionalRedactedHeaders the names, any case
     * @return these options
     * @throws NullPointerException if {@code additionalRedactedHeaders} or one of its names is null
     */
    public AttemptLoggingOptions setAdditionalRedactedHeaders(Set<String> additionalRedactedHeaders) {
        this.additionalRedactedHeaders = copy(additionalRedactedHeaders, "additionalRedactedHeaders", true);
        return this;
    }

    private static Set<String> copy(Set<String> names, String option, boolean lowerCase) {
        Objects.requireNonNull(names, "'" + option + "' cannot be null.");
        Set<String> copy = new LinkedHashSet<>();
        for (String name : names) {
            Objects.requireNonNull(name, "'" + option + "' cannot contain null.");
            copy.add(lowerCase ? name.toLowerCase(Locale.ROOT) : name);
        }
        return Collections.unmodifiableSet(copy);
    }

    @Override
    public String toString() {
        return "AttemptLoggingOptions{enabled=" + enabled + ", logLevel=" + logLevel + ", failureLogLevel="
            + failureLogLevel + ", allowedQueryParams=" + allowedQueryParams + ", additionalLoggedHeaders="
            + additionalLoggedHeaders + ", additionalRedactedHeaders=" + additionalRedactedHeaders + "}";
    }
}
