// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.core.implementation.AttemptLogLine;
import io.github.openaipolicies.core.implementation.LoggedAttempt;
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
        LoggedAttempt logged = LoggedAttempt.start(log, request.method(), request.url().toString(), OkHttpHeaders.of(request.headers()),
            attempt);
        return logged == null ? Attempt.NONE : new Converting(logged);
    }

    /** The adapter's types turned into the core line's arguments. */
    private static final class Converting implements Attempt {
        private final LoggedAttempt logged;

        Converting(LoggedAttempt logged) {
            this.logged = logged;
        }

        @Override
        public void admitted(ThrottleAdmission admission) {
            logged.admitted(admission);
        }

        @Override
        public void responded(Response response, RetryDecision decision) {
            logged.responded(response.code(), OkHttpHeaders.of(response.headers()), decision);
        }

        @Override
        public void failed(Throwable error, RetryDecision decision) {
            logged.failed(error, decision);
        }
    }
}
