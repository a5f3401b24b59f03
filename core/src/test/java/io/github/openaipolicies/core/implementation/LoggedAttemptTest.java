// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import io.github.openaipolicies.retry.implementation.RetryReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attempt line every slf4j adapter builds the same way: request, gate hold, response or error, duration, decision.
 * logback's logger is set up by reflection, as in {@link Slf4jAttemptLogTest}.
 */
class LoggedAttemptTest {
    private static final RetryDecision RETRY = RetryDecision.retry(RetryReason.RETRYABLE_STATUS,
        Duration.ofMillis(800), "retry-after-ms", Duration.ofMillis(800));

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = LoggerFactory.getLogger("test.LoggedAttempt");

    @BeforeEach
    void capture() {
        appender.start();
        invoke("addAppender", Appender.class, appender);
        setLevel(ch.qos.logback.classic.Level.TRACE);
    }

    @AfterEach
    void release() {
        invoke("detachAppender", Appender.class, appender);
        setLevel(null);
    }

    private void setLevel(ch.qos.logback.classic.Level level) {
        invoke("setLevel", ch.qos.logback.classic.Level.class, level);
    }

    private void invoke(String method, Class<?> parameter, Object argument) {
        try {
            logger.getClass().getMethod(method, parameter).invoke(logger, argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("logback is not the slf4j binding of the tests", e);
        }
    }

    private LoggedAttempt start(AttemptLoggingOptions options) {
        return LoggedAttempt.start(Slf4jAttemptLog.of(logger, "test attempt", options), "POST",
            "https://h/openai/deployments/d/embeddings?sig=secret", new TestHeaders().add("api-key", "k")
                .add("x-client-tag", "from-request"), 2);
    }

    private String onlyLine() {
        assertThat(appender.list).hasSize(1);
        return appender.list.get(0).getFormattedMessage();
    }

    @Test
    void nothingStartsWhenTheLoggerTakesNeitherLevel() {
        setLevel(ch.qos.logback.classic.Level.ERROR);

        assertThat(start(new AttemptLoggingOptions())).isNull();
    }

    @Test
    void aHeldAndAnsweredAttemptSaysTheHoldTheStatusAndTheDecision() {
        LoggedAttempt attempt = start(new AttemptLoggingOptions().setAdditionalLoggedHeaders(Set.of("x-client-tag")));

        attempt.admitted(new ThrottleAdmission("d", 1, Duration.ofMillis(1500), ThrottleHoldReason.AFTER_429));
        attempt.responded(429, new TestHeaders().add("x-request-id", "r1"), RETRY);

        assertThat(onlyLine()).startsWith("test attempt method=POST ")
            .contains("attempt=2", "gateHeldMs=1500", "gateHoldReason=after 429", "statusCode=429",
                "x-client-tag=from-request", "durationMs=", "retryDelayMs=800")
            .doesNotContain("secret", "=k ");
        assertThat(appender.list.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void anAdmissionAtOnceOrNoGateAddsNothingAndASuccessIsNoFailure() {
        LoggedAttempt attempt = start(new AttemptLoggingOptions());

        attempt.admitted(null);
        attempt.admitted(new ThrottleAdmission("d", 1, Duration.ZERO, ThrottleHoldReason.NONE));
        attempt.responded(399, new TestHeaders(), RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS));

        assertThat(onlyLine()).contains("statusCode=399").doesNotContain("gateHeld", "finalReason");
        assertThat(appender.list.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
    }

    @Test
    void aStatusOf400IsAFailure() {
        start(new AttemptLoggingOptions()).responded(400, new TestHeaders(),
            RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS));

        assertThat(onlyLine()).contains("statusCode=400", "finalReason=\"status not retried\"");
    }

    @Test
    void aFailedAttemptSaysItsErrorAsAFailure() {
        start(new AttemptLoggingOptions()).failed(new IOException("reset"),
            RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS));

        assertThat(onlyLine()).contains("exception=java.io.IOException", "durationMs=",
            "finalReason=\"status not retried\"");
    }
}
