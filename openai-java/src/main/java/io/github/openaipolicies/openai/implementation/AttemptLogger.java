// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import io.github.openaipolicies.core.implementation.AttemptLogLine;
import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.core.implementation.LogLevel;
import io.github.openaipolicies.core.implementation.LoggingConfig;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.Map;

/**
 * One slf4j line per attempt, from the core's {@link AttemptLogLine} (credential headers as counts, URL query values
 * redacted, secrets scrubbed from error messages), followed by what the retry decided: {@code retryDelayMs} and
 * {@code retryReason} when the call goes on, {@code finalReason} when it stops after a failed attempt. Logger:
 * {@code io.github.openaipolicies.openai.OpenAIJavaPolicies}.
 */
public final class AttemptLogger implements AttemptObserver {
    /** The logger every attempt line goes to. */
    static final Logger LOGGER = LoggerFactory.getLogger("io.github.openaipolicies.openai.OpenAIJavaPolicies");
    static final String MESSAGE = "openai-java attempt";

    private final Logger logger;
    private final LoggingConfig config;

    AttemptLogger(Logger logger, LoggingConfig config) {
        this.logger = logger;
        this.config = config;
    }

    /**
     * The observer the options ask for.
     *
     * @param options the logging options
     * @return the observer, {@link AttemptObserver#NONE} when logging is off
     */
    public static AttemptObserver of(AttemptLoggingOptions options) {
        if (!options.isEnabled()) {
            return AttemptObserver.NONE;
        }
        return new AttemptLogger(LOGGER, LoggingConfig.of(core(options.getLogLevel()),
            core(options.getFailureLogLevel()), false, 0, options.getAllowedQueryParams(),
            options.getAdditionalLoggedHeaders(), options.getAdditionalRedactedHeaders()));
    }

    @Override
    public Attempt start(HttpRequest request, int attempt) {
        if (!enabled(config.successLevel()) && !enabled(config.failureLevel())) {
            return Attempt.NONE;
        }
        HeaderLookup headers = OpenAIJavaHeaders.of(request.headers());
        return new LoggedAttempt(AttemptLogLine.start(request.method().name(), request.url(), headers, null, attempt,
            config), headers, System.nanoTime());
    }

    private final class LoggedAttempt implements Attempt {
        private final AttemptLogLine line;
        private final HeaderLookup requestHeaders;
        private final long startNanos;

        LoggedAttempt(AttemptLogLine line, HeaderLookup requestHeaders, long startNanos) {
            this.line = line;
            this.requestHeaders = requestHeaders;
            this.startNanos = startNanos;
        }

        @Override
        public void admitted(ThrottleAdmission admission) {
            if (admission != null && admission.wasHeld()) {
                line.gateHold(admission.getHeld().toMillis(), admission.getReason().description());
            }
        }

        @Override
        public void responded(HttpResponse response, RetryDecision decision) {
            line.response(response.statusCode(), OpenAIJavaHeaders.of(response.headers()), requestHeaders);
            emit(decision, response.statusCode() >= 400);
        }

        @Override
        public void failed(Throwable error, RetryDecision decision) {
            line.error(error);
            emit(decision, true);
        }

        private void emit(RetryDecision decision, boolean failed) {
            line.duration(System.nanoTime() - startNanos);
            Level level = slf4j(line.level());
            if (!enabled(level)) {
                return;
            }
            StringBuilder text = new StringBuilder(MESSAGE);
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
    }

    private boolean enabled(LogLevel level) {
        return enabled(slf4j(level));
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

    /** slf4j's levels onto the core's: TRACE and DEBUG are VERBOSE, INFO is INFORMATIONAL. */
    static LogLevel core(Level level) {
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

    static Level slf4j(LogLevel level) {
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
