// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.util.Map;

/**
 * Writes an adapter's attempt lines ({@link AttemptLogLine}) to slf4j, the same way for every adapter that logs
 * through slf4j: the message, then {@code key=value} pairs, then what the retry decided ({@code retryDelayMs} and
 * {@code retryReason} when the call goes on, {@code finalReason} when it stops after a failed attempt). Uses only
 * the slf4j 1.7 API.
 */
public final class Slf4jAttemptLog {
    private final Logger logger;
    private final String message;
    private final LoggingConfig config;

    Slf4jAttemptLog(Logger logger, String message, LoggingConfig config) {
        this.logger = logger;
        this.message = message;
        this.config = config;
    }

    /**
     * The writer the options ask for.
     *
     * @param logger the logger every line goes to
     * @param message the text each line starts with, such as {@code openai-java attempt}
     * @param options the logging options
     * @return the writer, or null when logging is off
     */
    public static Slf4jAttemptLog of(Logger logger, String message, AttemptLoggingOptions options) {
        if (!options.isEnabled()) {
            return null;
        }
        return new Slf4jAttemptLog(logger, message, LoggingConfig.of(core(options.getLogLevel()),
            core(options.getFailureLogLevel()), false, 0, options.getAllowedQueryParams(),
            options.getAdditionalLoggedHeaders(), options.getAdditionalRedactedHeaders()));
    }

    /**
     * The configuration each attempt's line starts with.
     *
     * @return the configuration
     */
    public LoggingConfig config() {
        return config;
    }

    /**
     * Whether a line could be written at all: the logger takes the success or the failure level.
     *
     * @return true when an attempt's line is worth building
     */
    public boolean anyEnabled() {
        return enabled(slf4j(config.successLevel())) || enabled(slf4j(config.failureLevel()));
    }

    /**
     * Writes an attempt's line, at the line's level, when the logger takes that level.
     *
     * @param line the line, with its response or error and duration already set
     * @param decision what the retry decided after the attempt
     * @param failed whether the attempt failed (an error, or a status of 400 and above)
     */
    public void emit(AttemptLogLine line, RetryDecision decision, boolean failed) {
        Level level = slf4j(line.level());
        if (!enabled(level)) {
            return;
        }
        StringBuilder text = new StringBuilder(message);
        for (Map.Entry<String, Object> entry : line.keyValues().entrySet()) {
            text.append(' ').append(entry.getKey()).append('=').append(entry.getValue());
        }
        if (decision.shouldRetry()) {
            text.append(" retryDelayMs=").append(decision.delay().toMillis())
                .append(" retryReason=\"").append(decision.reason().description()).append('"');
        } else if (failed) {
            text.append(" finalReason=\"").append(decision.reason().description()).append('"');
        }
        log(level, text.toString());
    }

    private boolean enabled(Level level) {
        switch (level) {
            case ERROR:
                return logger.isErrorEnabled();
            case WARN:
                return logger.isWarnEnabled();
            case INFO:
                return logger.isInfoEnabled();
            case DEBUG:
                return logger.isDebugEnabled();
            default:
                return logger.isTraceEnabled();
        }
    }

    private void log(Level level, String text) {
        switch (level) {
            case ERROR:
                logger.error(text);
                break;
            case WARN:
                logger.warn(text);
                break;
            case INFO:
                logger.info(text);
                break;
            case DEBUG:
                logger.debug(text);
                break;
            default:
                logger.trace(text);
        }
    }

    /**
     * slf4j's levels onto the core's: TRACE and DEBUG are VERBOSE, INFO is INFORMATIONAL.
     *
     * @param level the slf4j level
     * @return the core's level
     */
    public static LogLevel core(Level level) {
        switch (level) {
            case ERROR:
                return LogLevel.ERROR;
            case WARN:
                return LogLevel.WARNING;
            case INFO:
                return LogLevel.INFORMATIONAL;
            default:
                return LogLevel.VERBOSE;
        }
    }

    /**
     * The core's levels onto slf4j's: VERBOSE is DEBUG.
     *
     * @param level the core's level
     * @return the slf4j level
     */
    public static Level slf4j(LogLevel level) {
        switch (level) {
            case ERROR:
                return Level.ERROR;
            case WARNING:
                return Level.WARN;
            case INFORMATIONAL:
                return Level.INFO;
            default:
                return Level.DEBUG;
        }
    }
}
