// Licensed under the MIT License.
package io.github.openaipolicies.spring;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.util.logging.LogLevel;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.RequestLoggingOptions;
import io.github.openaipolicies.RetryAfterPolicy;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code openai.pipeline.*} properties: the options of the retry, logging and gate policies that
 * {@link OpenAIPipelineAutoConfiguration} installs. Defaults are those of {@link RetryAfterOptions},
 * {@link RequestLoggingOptions} and {@link ThrottleGateOptions}.
 *
 * <p>The values are checked when they are bound, by the options classes' own setters: a bad value (a negative
 * {@code openai.pipeline.retry.max-retries}, {@code openai.pipeline.retry.timeout=-1s}, ...) fails the application's
 * start-up with a message that names the property.</p>
 */
@ConfigurationProperties(OpenAIPipelineProperties.PREFIX)
public class OpenAIPipelineProperties implements Validator {
    /** The prefix of these properties. */
    public static final String PREFIX = "openai.pipeline";

    /**
     * Whether to install the policies into the OpenAIClientBuilder of Spring AI's Azure OpenAI auto-configuration.
     */
    private boolean enabled = true;

    private final Retry retry = new Retry();

    private final Logging logging = new Logging();

    private final Gate gate = new Gate();

    /**
     * Creates properties with the defaults of the options classes.
     */
    public OpenAIPipelineProperties() {
    }

    /**
     * Whether the policies are installed.
     *
     * @return {@code true} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether the policies are installed.
     *
     * @param enabled {@code false} to leave Spring AI's client as it is
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The retry options ({@code openai.pipeline.retry.*}).
     *
     * @return the retry properties
     */
    public Retry getRetry() {
        return retry;
    }

    /**
     * The logging options ({@code openai.pipeline.logging.*}).
     *
     * @return the logging properties
     */
    public Logging getLogging() {
        return logging;
    }

    /**
     * The throttle gate options ({@code openai.pipeline.gate.*}).
     *
     * @return the gate properties
     */
    public Gate getGate() {
        return gate;
    }

    /**
     * Builds the options these properties describe. The gate is: none when {@code openai.pipeline.gate.enabled} is
     * false; else {@code applicationGate} when given; else {@link ThrottleGate#shared()} when every gate setting has
     * its default value; else a new gate with these settings.
     *
     * @param applicationGate the application's gate, or null
     * @return new options
     * @throws IllegalStateException if a property has a bad value, with a message naming each bad property
     */
    public OpenAIPipelineOptions toOptions(ThrottleGate applicationGate) {
        Errors errors = new BeanPropertyBindingResult(this, PREFIX);
        OpenAIPipelineOptions options = build(applicationGate, errors);
        if (errors.hasErrors()) {
            throw new IllegalStateException(errors.getFieldErrors().stream()
                .map(FieldError::getDefaultMessage).collect(Collectors.joining(" ")));
        }
        return options;
    }

    /**
     * Whether this validator checks objects of the class (Spring's binder asks).
     *
     * @param clazz the class of the bound object
     * @return true for {@link OpenAIPipelineProperties}
     */
    @Override
    public boolean supports(Class<?> clazz) {
        return OpenAIPipelineProperties.class.isAssignableFrom(clazz);
    }

    /**
     * Checks the bound values with the options classes' setters (Spring's binder calls this).
     *
     * @param target the bound properties
     * @param errors where each bad value is rejected, with a message naming its property
     */
    @Override
    public void validate(Object target, Errors errors) {
        // no gate is created while checking: the gate choice is made with the application's bean later
        ((OpenAIPipelineProperties) target).build(null, errors);
    }

    private OpenAIPipelineOptions build(ThrottleGate applicationGate, Errors errors) {
        RetryAfterOptions retryOptions = new RetryAfterOptions();
        check(errors, "retry.maxRetries", () -> retryOptions.setMaxRetries(retry.maxRetries));
        check(errors, "retry.baseDelay", () -> retryOptions.setBaseDelay(retry.baseDelay));
        check(errors, "retry.maxDelay", () -> retryOptions.setMaxDelay(retry.maxDelay));
        check(errors, "retry.maxRetryAfter", () -> retryOptions.setMaxRetryAfter(retry.maxRetryAfter));
        check(errors, "retry.timeout", () -> retryOptions.setTimeout(retry.timeout));
        if (!errors.hasFieldErrors("retry.*")) {
            // the rule that spans two options is checked when a policy is built
            check(errors, "retry.baseDelay", () -> new RetryAfterPolicy(retryOptions));
        }

        RequestLoggingOptions loggingOptions = new RequestLoggingOptions();
        check(errors, "logging.logLevel", () -> loggingOptions.setLogLevel(logging.logLevel));
        check(errors, "logging.failureLogLevel", () -> loggingOptions.setFailureLogLevel(logging.failureLogLevel));
        loggingOptions.setLogBodies(logging.logBodies);
        check(errors, "logging.maxBodyLogSize", () -> loggingOptions.setMaxBodyLogSize(logging.maxBodyLogSize));
        check(errors, "logging.allowedQueryParams",
            () -> loggingOptions.setAllowedQueryParams(copy(logging.allowedQueryParams, Function.identity())));
        check(errors, "logging.additionalLoggedHeaders", () -> loggingOptions.setAdditionalLoggedHeaders(
            copy(logging.additionalLoggedHeaders, HttpHeaderName::fromString)));
        check(errors, "logging.additionalRedactedHeaders", () -> loggingOptions.setAdditionalRedactedHeaders(
            copy(logging.additionalRedactedHeaders, HttpHeaderName::fromString)));

        ThrottleGateOptions gateOptions = new ThrottleGateOptions();
        check(errors, "gate.maxWait", () -> gateOptions.setMaxWait(gate.maxWait));
        check(errors, "gate.initialAdmission", () -> gateOptions.setInitialAdmission(gate.initialAdmission));
        Duration gateMaxRetryAfter = gate.maxRetryAfter != null ? gate.maxRetryAfter : retry.maxRetryAfter;
        check(errors, "gate.maxRetryAfter", () -> gateOptions.setMaxRetryAfter(gateMaxRetryAfter));
        check(errors, "gate.counterValidity", () -> gateOptions.setCounterValidity(gate.counterValidity));
        check(errors, "gate.idleKeyTimeout", () -> gateOptions.setIdleKeyTimeout(gate.idleKeyTimeout));

        if (errors.hasErrors()) {
            return null;
        }
        return new OpenAIPipelineOptions().setRetryOptions(retryOptions).setLoggingOptions(loggingOptions)
            .setThrottleGate(chooseGate(applicationGate, gateOptions));
    }

    private ThrottleGate chooseGate(ThrottleGate applicationGate, ThrottleGateOptions gateOptions) {
        if (!gate.enabled) {
            return null;
        }
        if (applicationGate != null) {
            return applicationGate;
        }
        return hasDefaults(gateOptions) ? ThrottleGate.shared() : ThrottleGate.create(gateOptions);
    }

    private static boolean hasDefaults(ThrottleGateOptions options) {
        ThrottleGateOptions defaults = new ThrottleGateOptions();
        return options.getMaxWait().equals(defaults.getMaxWait())
            && options.getInitialAdmission() == defaults.getInitialAdmission()
            && options.getMaxRetryAfter().equals(defaults.getMaxRetryAfter())
            && options.getCounterValidity().equals(defaults.getCounterValidity())
            && options.getIdleKeyTimeout().equals(defaults.getIdleKeyTimeout());
    }

    private static void check(Errors errors, String field, Runnable setter) {
        try {
            setter.run();
        } catch (RuntimeException e) {
            errors.rejectValue(field, "invalid", PREFIX + "." + kebabCase(field) + ": " + e.getMessage());
        }
    }

    private static String kebabCase(String field) {
        return field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static <T> Set<T> copy(Set<String> values, Function<String, T> convert) {
        Objects.requireNonNull(values, "the set cannot be null.");
        Set<T> copy = new LinkedHashSet<>();
        for (String value : values) {
            copy.add(convert.apply(Objects.requireNonNull(value, "the set cannot contain null.")));
        }
        return copy;
    }

    /**
     * {@code openai.pipeline.retry.*}: the options of {@link RetryAfterPolicy}, see {@link RetryAfterOptions}.
     */
    public static class Retry {
        /**
         * Retries after the first attempt; 0 turns retrying off.
         */
        private int maxRetries = 10;

        /**
         * First backoff delay, used when the server did not say how long to wait; doubled on every retry.
         */
        private Duration baseDelay = Duration.ofMillis(500);

        /**
         * Cap on a backoff delay (not on a delay the server asked for).
         */
        private Duration maxDelay = Duration.ofSeconds(8);

        /**
         * Longest server-requested delay (Retry-After, retry-after-ms) that is waited; a response asking for longer
         * is returned at once.
         */
        private Duration maxRetryAfter = Duration.ofSeconds(60);

        /**
         * Overall time budget of a call, retries and waits included, measured from its start.
         */
        private Duration timeout = Duration.ofMinutes(3);

        /**
         * Creates the retry properties with their defaults.
         */
        public Retry() {
        }

        /**
         * Retries after the first attempt.
         *
         * @return the maximum number of retries
         */
        public int getMaxRetries() {
            return maxRetries;
        }

        /**
         * Sets the retries after the first attempt.
         *
         * @param maxRetries the maximum number of retries, 0 or more
         */
        public void setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
        }

        /**
         * The first backoff delay.
         *
         * @return the base delay
         */
        public Duration getBaseDelay() {
            return baseDelay;
        }

        /**
         * Sets the first backoff delay.
         *
         * @param baseDelay the base delay, positive, not above the maximum delay
         */
        public void setBaseDelay(Duration baseDelay) {
            this.baseDelay = baseDelay;
        }

        /**
         * The cap on a backoff delay.
         *
         * @return the maximum backoff delay
         */
        public Duration getMaxDelay() {
            return maxDelay;
        }

        /**
         * Sets the cap on a backoff delay.
         *
         * @param maxDelay the maximum backoff delay, positive
         */
        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        /**
         * The longest server-requested delay that is waited.
         *
         * @return the maximum honoured server delay
         */
        public Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        /**
         * Sets the longest server-requested delay that is waited.
         *
         * @param maxRetryAfter the maximum honoured server delay, zero or positive
         */
        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }

        /**
         * The overall time budget of a call.
         *
         * @return the timeout
         */
        public Duration getTimeout() {
            return timeout;
        }

        /**
         * Sets the overall time budget of a call.
         *
         * @param timeout the timeout, positive
         */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /**
     * {@code openai.pipeline.logging.*}: the options of {@code RequestLoggingPolicy}, see
     * {@link RequestLoggingOptions}.
     */
    public static class Logging {
        /**
         * Level of the line for a successful attempt: VERBOSE, INFORMATIONAL, WARNING or ERROR.
         */
        private LogLevel logLevel = LogLevel.INFORMATIONAL;

        /**
         * Level of the line for a failed or suspicious attempt (status 400 or above, an exception, a credential
         * header with more than one value): VERBOSE, INFORMATIONAL, WARNING or ERROR.
         */
        private LogLevel failureLogLevel = LogLevel.WARNING;

        /**
         * Whether text and JSON request and response bodies of known length are logged (credential values
         * removed).
         */
        private boolean logBodies = false;

        /**
         * Most characters of a body that are logged, 0 to 1048576.
         */
        private int maxBodyLogSize = 4096;

        /**
         * Query parameters whose values are logged; every other value is logged as REDACTED. Default: api-version.
         */
        private Set<String> allowedQueryParams = new LinkedHashSet<>(List.of("api-version"));

        /**
         * Headers logged in addition to the built-in ones (request and rate-limit ids, retry-after, ...).
         */
        private Set<String> additionalLoggedHeaders = new LinkedHashSet<>();

        /**
         * Further credential headers whose values are never logged, in addition to Authorization, api-key,
         * Ocp-Apim-Subscription-Key, Proxy-Authorization and cookies.
         */
        private Set<String> additionalRedactedHeaders = new LinkedHashSet<>();

        /**
         * Creates the logging properties with their defaults.
         */
        public Logging() {
        }

        /**
         * The level of the line for a successful attempt.
         *
         * @return the level
         */
        public LogLevel getLogLevel() {
            return logLevel;
        }

        /**
         * Sets the level of the line for a successful attempt.
         *
         * @param logLevel the level, not NOT_SET
         */
        public void setLogLevel(LogLevel logLevel) {
            this.logLevel = logLevel;
        }

        /**
         * The level of the line for a failed or suspicious attempt.
         *
         * @return the level
         */
        public LogLevel getFailureLogLevel() {
            return failureLogLevel;
        }

        /**
         * Sets the level of the line for a failed or suspicious attempt.
         *
         * @param failureLogLevel the level, not NOT_SET
         */
        public void setFailureLogLevel(LogLevel failureLogLevel) {
            this.failureLogLevel = failureLogLevel;
        }

        /**
         * Whether bodies are logged.
         *
         * @return whether bodies are logged
         */
        public boolean isLogBodies() {
            return logBodies;
        }

        /**
         * Sets whether bodies are logged.
         *
         * @param logBodies whether bodies are logged
         */
        public void setLogBodies(boolean logBodies) {
            this.logBodies = logBodies;
        }

        /**
         * The most characters of a body that are logged.
         *
         * @return the cap
         */
        public int getMaxBodyLogSize() {
            return maxBodyLogSize;
        }

        /**
         * Sets the most characters of a body that are logged.
         *
         * @param maxBodyLogSize the cap, 0 to 1048576
         */
        public void setMaxBodyLogSize(int maxBodyLogSize) {
            this.maxBodyLogSize = maxBodyLogSize;
        }

        /**
         * The query parameters whose values are logged.
         *
         * @return the parameter names
         */
        public Set<String> getAllowedQueryParams() {
            return allowedQueryParams;
        }

        /**
         * Sets the query parameters whose values are logged.
         *
         * @param allowedQueryParams the parameter names
         */
        public void setAllowedQueryParams(Set<String> allowedQueryParams) {
            this.allowedQueryParams = allowedQueryParams;
        }

        /**
         * The headers logged in addition to the built-in ones.
         *
         * @return the header names
         */
        public Set<String> getAdditionalLoggedHeaders() {
            return additionalLoggedHeaders;
        }

        /**
         * Sets the headers logged in addition to the built-in ones.
         *
         * @param additionalLoggedHeaders the header names; credential and cookie headers are refused
         */
        public void setAdditionalLoggedHeaders(Set<String> additionalLoggedHeaders) {
            this.additionalLoggedHeaders = additionalLoggedHeaders;
        }

        /**
         * The further credential headers whose values are never logged.
         *
         * @return the header names
         */
        public Set<String> getAdditionalRedactedHeaders() {
            return additionalRedactedHeaders;
        }

        /**
         * Sets further credential headers whose values are never logged.
         *
         * @param additionalRedactedHeaders the header names
         */
        public void setAdditionalRedactedHeaders(Set<String> additionalRedactedHeaders) {
            this.additionalRedactedHeaders = additionalRedactedHeaders;
        }
    }

    /**
     * {@code openai.pipeline.gate.*}: the throttle gate every attempt asks, see {@link ThrottleGateOptions}. With
     * every setting at its default, the JVM-wide {@link ThrottleGate#shared()} is used; otherwise a gate of its own.
     */
    public static class Gate {
        /**
         * Whether every attempt asks a throttle gate, shared by the calls and clients of the process, before it
         * goes. An application ThrottleGate bean is used instead of the built-in gate.
         */
        private boolean enabled = true;

        /**
         * Most one attempt waits in the gate; an attempt whose wait would be longer fails at once.
         */
        private Duration maxWait = Duration.ofSeconds(60);

        /**
         * Attempts in flight to a deployment nothing is known about yet (slow start), 1 to 1000.
         */
        private int initialAdmission = 4;

        /**
         * Longest server-requested delay that holds every call to the deployment; a longer one causes a short
         * pause only. Default: openai.pipeline.retry.max-retry-after.
         */
        private Duration maxRetryAfter;

        /**
         * How long an x-ratelimit-remaining-* counter is believed when the response does not say when it resets.
         */
        private Duration counterValidity = Duration.ofSeconds(1);

        /**
         * After how long without attempts a deployment's state is forgotten.
         */
        private Duration idleKeyTimeout = Duration.ofMinutes(10);

        /**
         * Creates the gate properties with their defaults.
         */
        public Gate() {
        }

        /**
         * Whether a throttle gate is used.
         *
         * @return {@code true} by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether a throttle gate is used.
         *
         * @param enabled {@code false} for no gate
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The most one attempt waits in the gate.
         *
         * @return the maximum wait
         */
        public Duration getMaxWait() {
            return maxWait;
        }

        /**
         * Sets the most one attempt waits in the gate.
         *
         * @param maxWait the maximum wait, positive
         */
        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        /**
         * The attempts in flight to a deployment nothing is known about.
         *
         * @return the initial admission
         */
        public int getInitialAdmission() {
            return initialAdmission;
        }

        /**
         * Sets the attempts in flight to a deployment nothing is known about.
         *
         * @param initialAdmission the initial admission, 1 to 1000
         */
        public void setInitialAdmission(int initialAdmission) {
            this.initialAdmission = initialAdmission;
        }

        /**
         * The longest server-requested delay that holds every call to the deployment.
         *
         * @return the maximum delay, or null to use the retry's
         */
        public Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        /**
         * Sets the longest server-requested delay that holds every call to the deployment.
         *
         * @param maxRetryAfter the maximum delay, zero or positive; null to use the retry's
         */
        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }

        /**
         * How long a counter is believed without a reset header.
         *
         * @return the validity
         */
        public Duration getCounterValidity() {
            return counterValidity;
        }

        /**
         * Sets how long a counter is believed without a reset header.
         *
         * @param counterValidity the validity, positive
         */
        public void setCounterValidity(Duration counterValidity) {
            this.counterValidity = counterValidity;
        }

        /**
         * After how long an unused deployment's state is forgotten.
         *
         * @return the idle timeout
         */
        public Duration getIdleKeyTimeout() {
            return idleKeyTimeout;
        }

        /**
         * Sets after how long an unused deployment's state is forgotten.
         *
         * @param idleKeyTimeout the idle timeout, positive
         */
        public void setIdleKeyTimeout(Duration idleKeyTimeout) {
            this.idleKeyTimeout = idleKeyTimeout;
        }
    }
}
