// Licensed under the MIT License.
package io.github.openaipolicies.spring.boot4;

import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryLimits;
import org.slf4j.event.Level;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code openai.pipeline.*} properties: the same names, defaults and meaning as in the Spring Boot 3 starter
 * ({@code openai-pipeline-policies-spring-boot}). Every value is checked when it is bound, by the option it sets;
 * a value the option refuses stops the application with a message that starts with the property's name, for example
 * {@code openai.pipeline.retry.max-retries: 'maxRetries' must not be negative, was -1.}
 *
 * @param enabled whether the auto-configuration adds anything (openai.pipeline.enabled, default true)
 * @param retry the retry (openai.pipeline.retry.*)
 * @param logging the log line of every attempt (openai.pipeline.logging.*)
 * @param gate the throttle gate (openai.pipeline.gate.*)
 */
@ConfigurationProperties(OpenAIPipelineProperties.PREFIX)
public record OpenAIPipelineProperties(@DefaultValue("true") boolean enabled, @DefaultValue Retry retry,
    @DefaultValue Logging logging, @DefaultValue Gate gate) {
    /** The prefix of every property. */
    public static final String PREFIX = "openai.pipeline";

    /**
     * Binds the properties and checks the rules that span two groups ({@code retry.base-delay} not above {@code
     * retry.max-delay}) and the gate's values, also when the application brings its own gate.
     *
     * @param enabled see the record's description
     * @param retry see the record's description
     * @param logging see the record's description
     * @param gate see the record's description
     * @throws IllegalArgumentException naming the property of a refused value
     */
    public OpenAIPipelineProperties {
        check("retry.base-delay", () -> RetryLimits.of(retry.toOptions()));
        gateOptions(retry, gate);
    }

    /**
     * The retry options.
     *
     * @return new options from {@code openai.pipeline.retry.*}
     */
    public RetryAfterOptions retryOptions() {
        return retry.toOptions();
    }

    /**
     * The attempt log line's options.
     *
     * @return new options from {@code openai.pipeline.logging.*}
     */
    public AttemptLoggingOptions loggingOptions() {
        return logging.toOptions();
    }

    /**
     * The options of a gate the starter creates; {@code gate.max-retry-after} is {@code retry.max-retry-after}
     * unless set.
     *
     * @return new options from {@code openai.pipeline.gate.*}
     */
    public ThrottleGateOptions gateOptions() {
        return gateOptions(retry, gate);
    }

    private static ThrottleGateOptions gateOptions(Retry retry, Gate gate) {
        ThrottleGateOptions options = new ThrottleGateOptions();
        check("gate.max-wait", () -> options.setMaxWait(gate.maxWait()));
        check("gate.initial-admission", () -> options.setInitialAdmission(gate.initialAdmission()));
        Duration maxRetryAfter = gate.maxRetryAfter() != null ? gate.maxRetryAfter() : retry.maxRetryAfter();
        check("gate.max-retry-after", () -> options.setMaxRetryAfter(maxRetryAfter));
        check("gate.counter-validity", () -> options.setCounterValidity(gate.counterValidity()));
        check("gate.idle-key-timeout", () -> options.setIdleKeyTimeout(gate.idleKeyTimeout()));
        return options;
    }

    /**
     * Runs a setter; what it throws becomes an {@link IllegalArgumentException} whose message names the property.
     * Without a cause: Spring Boot's start-up failure report shows the innermost cause's message, which must be this.
     */
    static void check(String property, Runnable setter) {
        try {
            setter.run();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PREFIX + "." + property + ": " + e.getMessage());
        }
    }

    /**
     * {@code openai.pipeline.retry.*}: the retry of every call (see {@link RetryAfterOptions}).
     *
     * @param maxRetries retries after the first attempt (default 10)
     * @param baseDelay the first back-off delay when the service names none (default 500ms)
     * @param maxDelay the largest back-off delay (default 8s)
     * @param maxRetryAfter the longest server-named delay honoured; a longer one ends the call (default 60s)
     * @param timeout the budget of a whole call, its waits included (default 3m)
     */
    public record Retry(@DefaultValue("10") int maxRetries, @DefaultValue("500ms") Duration baseDelay,
        @DefaultValue("8s") Duration maxDelay, @DefaultValue("60s") Duration maxRetryAfter,
        @DefaultValue("3m") Duration timeout) {
        /**
         * Binds and checks the retry values.
         *
         * @param maxRetries see the record's description
         * @param baseDelay see the record's description
         * @param maxDelay see the record's description
         * @param maxRetryAfter see the record's description
         * @param timeout see the record's description
         * @throws IllegalArgumentException naming the property of a refused value
         */
        public Retry {
            toOptions(maxRetries, baseDelay, maxDelay, maxRetryAfter, timeout);
        }

        RetryAfterOptions toOptions() {
            return toOptions(maxRetries, baseDelay, maxDelay, maxRetryAfter, timeout);
        }

        private static RetryAfterOptions toOptions(int maxRetries, Duration baseDelay, Duration maxDelay,
            Duration maxRetryAfter, Duration timeout) {
            RetryAfterOptions options = new RetryAfterOptions();
            check("retry.max-retries", () -> options.setMaxRetries(maxRetries));
            check("retry.base-delay", () -> options.setBaseDelay(baseDelay));
            check("retry.max-delay", () -> options.setMaxDelay(maxDelay));
            check("retry.max-retry-after", () -> options.setMaxRetryAfter(maxRetryAfter));
            check("retry.timeout", () -> options.setTimeout(timeout));
            return options;
        }
    }

    /**
     * {@code openai.pipeline.logging.*}: the one log line of every attempt (see {@link AttemptLoggingOptions}).
     * The levels take the Boot 3 starter's names ({@code VERBOSE}, {@code INFORMATIONAL}, {@code WARNING},
     * {@code ERROR}) or slf4j's ({@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR}).
     *
     * @param logLevel the level of a successful attempt's line (default INFORMATIONAL)
     * @param failureLogLevel the level of a failed attempt's line (default WARNING)
     * @param logBodies must stay false: this starter never logs bodies (its responses may be streams the caller
     * reads); kept so that a Boot 3 configuration that sets it false still binds
     * @param maxBodyLogSize kept for the Boot 3 name, checked (not negative) and otherwise unused (default 4096)
     * @param allowedQueryParams query parameters whose values are logged (default api-version)
     * @param additionalLoggedHeaders request and response headers logged besides the default ones
     * @param additionalRedactedHeaders headers logged with their value redacted
     */
    public record Logging(@DefaultValue("INFORMATIONAL") String logLevel,
        @DefaultValue("WARNING") String failureLogLevel, @DefaultValue("false") boolean logBodies,
        @DefaultValue("4096") int maxBodyLogSize, @DefaultValue("api-version") Set<String> allowedQueryParams,
        @DefaultValue Set<String> additionalLoggedHeaders, @DefaultValue Set<String> additionalRedactedHeaders) {
        /**
         * Binds and checks the logging values.
         *
         * @param logLevel see the record's description
         * @param failureLogLevel see the record's description
         * @param logBodies see the record's description
         * @param maxBodyLogSize see the record's description
         * @param allowedQueryParams see the record's description
         * @param additionalLoggedHeaders see the record's description
         * @param additionalRedactedHeaders see the record's description
         * @throws IllegalArgumentException naming the property of a refused value
         */
        public Logging {
            if (logBodies) {
                throw new IllegalArgumentException(PREFIX + ".logging.log-bodies: bodies are never logged by this"
                    + " starter (the responses may be streams the caller reads); remove the property.");
            }
            if (maxBodyLogSize < 0) {
                throw new IllegalArgumentException(PREFIX + ".logging.max-body-log-size: must not be negative, was "
                    + maxBodyLogSize + ".");
            }
            toOptions(logLevel, failureLogLevel, allowedQueryParams, additionalLoggedHeaders,
                additionalRedactedHeaders);
        }

        AttemptLoggingOptions toOptions() {
            return toOptions(logLevel, failureLogLevel, allowedQueryParams, additionalLoggedHeaders,
                additionalRedactedHeaders);
        }

        private static AttemptLoggingOptions toOptions(String logLevel, String failureLogLevel,
            Set<String> allowedQueryParams, Set<String> additionalLoggedHeaders,
            Set<String> additionalRedactedHeaders) {
            AttemptLoggingOptions options = new AttemptLoggingOptions();
            check("logging.log-level", () -> options.setLogLevel(level(logLevel)));
            check("logging.failure-log-level", () -> options.setFailureLogLevel(level(failureLogLevel)));
            check("logging.allowed-query-params", () -> options.setAllowedQueryParams(allowedQueryParams));
            check("logging.additional-logged-headers",
                () -> options.setAdditionalLoggedHeaders(additionalLoggedHeaders));
            check("logging.additional-redacted-headers",
                () -> options.setAdditionalRedactedHeaders(additionalRedactedHeaders));
            return options;
        }

        private static Level level(String name) {
            switch (Objects.requireNonNull(name, "a level must be set.").trim().toUpperCase(Locale.ROOT)) {
                case "TRACE":
                    return Level.TRACE;
                case "VERBOSE":
                case "DEBUG":
                    return Level.DEBUG;
                case "INFORMATIONAL":
                case "INFO":
                    return Level.INFO;
                case "WARNING":
                case "WARN":
                    return Level.WARN;
                case "ERROR":
                    return Level.ERROR;
                default:
                    throw new IllegalArgumentException("'" + name + "' is not a level: use VERBOSE, INFORMATIONAL,"
                        + " WARNING or ERROR (or slf4j's TRACE, DEBUG, INFO, WARN, ERROR).");
            }
        }
    }

    /**
     * {@code openai.pipeline.gate.*}: the throttle gate shared by every call to a deployment (see
     * {@link ThrottleGateOptions}). With the defaults the gate is the JVM's shared one; an application's
     * {@code ThrottleGate} bean replaces it.
     *
     * @param enabled whether calls go through a gate at all (default true)
     * @param maxWait the longest an attempt waits at the gate (default 60s)
     * @param initialAdmission attempts admitted at once to a deployment not seen before (default 4)
     * @param maxRetryAfter the longest server-named pause the gate keeps (default: retry.max-retry-after)
     * @param counterValidity how long the service's remaining-requests counters are trusted (default 1s)
     * @param idleKeyTimeout when the gate forgets a deployment it has not seen (default 10m)
     */
    public record Gate(@DefaultValue("true") boolean enabled, @DefaultValue("60s") Duration maxWait,
        @DefaultValue("4") int initialAdmission, Duration maxRetryAfter,
        @DefaultValue("1s") Duration counterValidity, @DefaultValue("10m") Duration idleKeyTimeout) {
    }
}
