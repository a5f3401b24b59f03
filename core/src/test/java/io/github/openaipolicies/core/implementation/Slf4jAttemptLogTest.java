// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import io.github.openaipolicies.retry.implementation.RetryReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slf4j writer every slf4j adapter shares: level, text, and what the retry decided. The core compiles against
 * the slf4j 1.7 API, so logback's logger is set up by reflection (as in {@code LogCapture}).
 */
class Slf4jAttemptLogTest {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = LoggerFactory.getLogger("test.Slf4jAttemptLog");

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

    private Slf4jAttemptLog log(AttemptLoggingOptions options) {
        return Slf4jAttemptLog.of(logger, "test attempt", options);
    }

    private static AttemptLogLine line(Slf4jAttemptLog log, int status) {
        AttemptLogLine line = AttemptLogLine.start("POST", "https://h/x?sig=secret", new TestHeaders()
            .add("api-key", "k"), null, 2, log.config());
        line.response(status, new TestHeaders().add("x-request-id", "r1"), new TestHeaders());
        return line;
    }

    @Test
    void offMeansNoWriter() {
        assertThat(log(new AttemptLoggingOptions().setEnabled(false))).isNull();
    }

    @Test
    void aRetriedAttemptSaysTheDelayAndReason() {
        Slf4jAttemptLog log = log(new AttemptLoggingOptions());
        log.emit(line(log, 429), RetryDecision.retry(RetryReason.RETRYABLE_STATUS, Duration.ofMillis(800),
            "retry-after-ms", Duration.ofMillis(800)), true);

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("test attempt method=POST ")
                .contains(" attempt=2", " statusCode=429", " x-request-id=r1", " api-key.count=1")
                .endsWith(" retryDelayMs=800 retryReason=\"retryable status\"")
                .doesNotContain("secret", "finalReason");
        });
    }

    @Test
    void aFailedLastAttemptSaysWhyTheCallStopped() {
        Slf4jAttemptLog log = log(new AttemptLoggingOptions());
        log.emit(line(log, 429), RetryDecision.stop(RetryReason.RETRIES_EXHAUSTED), true);

        assertThat(appender.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
            .endsWith(" finalReason=\"retries exhausted\"").doesNotContain("retryDelayMs"));
    }

    @Test
    void aSuccessSaysNoDecision() {
        Slf4jAttemptLog log = log(new AttemptLoggingOptions());
        log.emit(line(log, 200), RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS), false);

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
            assertThat(event.getFormattedMessage()).doesNotContain("finalReason", "retryDelayMs");
        });
    }

    @ParameterizedTest
    @EnumSource(value = Level.class)
    void eachLevelIsWrittenAtItselfOnlyWhenTheLoggerTakesIt(Level level) {
        Slf4jAttemptLog log = log(new AttemptLoggingOptions().setLogLevel(level));
        Level expected = level == Level.TRACE ? Level.DEBUG : level;

        log.emit(line(log, 200), RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS), false);
        setLevel(ch.qos.logback.classic.Level.toLevel(expected.name()));
        log.emit(line(log, 200), RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS), false);
        setLevel(higher(expected));
        log.emit(line(log, 200), RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS), false);

        assertThat(appender.list).hasSize(2).allSatisfy(event -> assertThat(event.getLevel().toString())
            .isEqualTo(expected.name()));
    }

    @Test
    void anyEnabledFollowsTheLoggerAtEitherLevel() {
        Slf4jAttemptLog log = log(new AttemptLoggingOptions().setLogLevel(Level.DEBUG)
            .setFailureLogLevel(Level.WARN));
        setLevel(ch.qos.logback.classic.Level.WARN);
        assertThat(log.anyEnabled()).isTrue();
        setLevel(ch.qos.logback.classic.Level.ERROR);
        assertThat(log.anyEnabled()).isFalse();
        setLevel(ch.qos.logback.classic.Level.DEBUG);
        assertThat(log.anyEnabled()).isTrue();
    }

    @Test
    void levelsMapBothWays() {
        assertThat(Slf4jAttemptLog.core(Level.ERROR)).isEqualTo(LogLevel.ERROR);
        assertThat(Slf4jAttemptLog.core(Level.WARN)).isEqualTo(LogLevel.WARNING);
        assertThat(Slf4jAttemptLog.core(Level.INFO)).isEqualTo(LogLevel.INFORMATIONAL);
        assertThat(Slf4jAttemptLog.core(Level.DEBUG)).isEqualTo(LogLevel.VERBOSE);
        assertThat(Slf4jAttemptLog.core(Level.TRACE)).isEqualTo(LogLevel.VERBOSE);
        assertThat(Slf4jAttemptLog.slf4j(LogLevel.ERROR)).isEqualTo(Level.ERROR);
        assertThat(Slf4jAttemptLog.slf4j(LogLevel.WARNING)).isEqualTo(Level.WARN);
        assertThat(Slf4jAttemptLog.slf4j(LogLevel.INFORMATIONAL)).isEqualTo(Level.INFO);
        assertThat(Slf4jAttemptLog.slf4j(LogLevel.VERBOSE)).isEqualTo(Level.DEBUG);
    }

    private static ch.qos.logback.classic.Level higher(Level level) {
        switch (level) {
            case DEBUG:
                return ch.qos.logback.classic.Level.INFO;
            case INFO:
                return ch.qos.logback.classic.Level.WARN;
            case WARN:
                return ch.qos.logback.classic.Level.ERROR;
            default:
                return ch.qos.logback.classic.Level.OFF;
        }
    }
}
