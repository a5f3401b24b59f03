// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import io.github.openaipolicies.core.implementation.AttemptLogLine;
import io.github.openaipolicies.core.implementation.LoggedAttempt;
import io.github.openaipolicies.core.implementation.Slf4jAttemptLog;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One slf4j line per attempt, from the core's {@link AttemptLogLine} (credential headers as counts, URL query values
 * redacted, secrets scrubbed from error messages), followed by what the retry decided: {@code retryDelayMs} and
 * {@code retryReason} when the call goes on, {@code finalReason} when it stops after a failed attempt
 * ({@link Slf4jAttemptLog}, shared with the other slf4j adapters). Logger:
 * {@code io.github.openaipolicies.openai.OpenAIJavaPolicies}.
 */
public final class AttemptLogger implements AttemptObserver {
    /** The logger every attempt line goes to. */
    static final Logger LOGGER = LoggerFactory.getLogger("io.github.openaipolicies.openai.OpenAIJavaPolicies");
    static final String MESSAGE = "openai-java attempt";

    private final Slf4jAttemptLog log;

    AttemptLogger(Slf4jAttemptLog log) {
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
    public Attempt start(HttpRequest request, int attempt) {
        LoggedAttempt logged = LoggedAttempt.start(log, request.method().name(), request.url(), OpenAIJavaHeaders.of(request.headers()),
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
        public void responded(HttpResponse response, RetryDecision decision) {
            logged.responded(response.statusCode(), OpenAIJavaHeaders.of(response.headers()), decision);
        }

        @Override
        public void failed(Throwable error, RetryDecision decision) {
            logged.failed(error, decision);
        }
    }
}
