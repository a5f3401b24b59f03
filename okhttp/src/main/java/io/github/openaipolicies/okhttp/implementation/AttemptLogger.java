// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.core.implementation.AttemptLogLine;
import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.core.implementation.Slf4jAttemptLog;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One slf4j line per attempt, the same line as the other adapters' ({@link AttemptLogLine} written by
 * {@link Slf4jAttemptLog}: credential headers as counts, URL query values redacted, secrets scrubbed from error
 * messages, then what the retry decided). Logger: {@code io.github.openaipolicies.okhttp.OpenAIPolicyInterceptor}.
 */
public final class AttemptLogger implements AttemptObserver {
    /** The logger every attempt line goes to. */
    static final Logger LOGGER = LoggerFactory.getLogger("io.github.openaipolicies.okhttp.OpenAIPolicyInterceptor");
    static final String MESSAGE = "okhttp attempt";

    private final Slf4jAttemptLog log;

    private AttemptLogger(Slf4jAttemptLog log) {
        this.log = log;
    }

    /**
     * The observer the options ask for.
     *
     * @param options the logging options
     * @return the observer, {@link AttemptObserver#NONE} when logging is off
     */
    public static AttemptObserver of(AttemptLoggingOptions options) {
        Slf4jAttemptLog log = Slf4jAttemptLog.of(LOGGER, MESSAGE, options);
        return log == null ? AttemptObserver.NONE : new AttemptLogger(log);
    }

    @Override
    public Attempt start(Request request, int attempt) {
        if (!log.anyEnabled()) {
            return Attempt.NONE;
        }
        HeaderLookup headers = OkHttpHeaders.of(request.headers());
        return new LoggedAttempt(AttemptLogLine.start(request.method(), request.url().toString(), headers, null,
            attempt, log.config()), headers, System.nanoTime());
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
        public void responded(Response response, RetryDecision decision) {
            line.response(response.code(), OkHttpHeaders.of(response.headers()), requestHeaders);
            emit(decision, response.code() >= 400);
        }

        @Override
        public void failed(Throwable error, RetryDecision decision) {
            line.error(error);
            emit(decision, true);
        }

        private void emit(RetryDecision decision, boolean failed) {
            line.duration(System.nanoTime() - startNanos);
            log.emit(line, decision, failed);
        }
    }
}
