// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.openai.core.RequestOptions;
import com.openai.errors.OpenAIIoException;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.IOException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One line per attempt, at the level its outcome asks, with what the retry decided and no secret. */
class AttemptLoggerTest {
    private static final String KEY = "secret-key-0123456789";

    private final ScriptedTransport transport = new ScriptedTransport();
    private final TestTime time = new TestTime();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AttemptLogger.LOGGER.getName());

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(null);
    }

    private PolicyHttpClient client(AttemptLoggingOptions logging) {
        return PolicyHttpClient.wrap(transport, new CallSettings(RetryDecider.of(new RetryAfterOptions()
            .setMaxRetries(1), () -> 0.0), null, AttemptLogger.of(logging), time, time, time, time));
    }

    @Test
    void everyAttemptHasItsLineWithTheDecisionAndNoCredential() {
        transport.then(CannedResponse.of(429, "retry-after-ms", "800", "x-request-id", "req-1"))
            .then(CannedResponse.of(200, "x-request-id", "req-2"));

        client(new AttemptLoggingOptions()).execute(PolicyHttpClientTest.request("api-key", KEY),
            RequestOptions.none());

        assertThat(appender.list).hasSize(2);
        ILoggingEvent first = appender.list.get(0);
        assertThat(first.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(first.getFormattedMessage()).startsWith(AttemptLogger.MESSAGE)
            .contains("method=POST", "attempt=1", "statusCode=429", "retryDelayMs=800", "x-request-id=req-1",
                "api-key.count=1")
            .doesNotContain(KEY);
        ILoggingEvent second = appender.list.get(1);
        assertThat(second.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        assertThat(second.getFormattedMessage()).contains("attempt=2", "statusCode=200")
            .doesNotContain("retryDelayMs", "finalReason").doesNotContain(KEY);
    }

    @Test
    void aFailedLastAttemptSaysWhyTheCallStopped() {
        transport.thenFail(new OpenAIIoException("Request failed", new IOException("reset by " + KEY)));

        assertThatThrownBy(() -> client(new AttemptLoggingOptions()).execute(
            PolicyHttpClientTest.request("api-key", KEY), RequestOptions.none()));

        assertThat(appender.list).hasSize(2);
        assertThat(appender.list.get(1).getFormattedMessage()).contains("attempt=2", "finalReason=")
            .doesNotContain(KEY);
    }

    @Test
    void theLevelsAreTheOptions() {
        transport.then(CannedResponse.of(200));
        logger.setLevel(ch.qos.logback.classic.Level.TRACE);

        client(new AttemptLoggingOptions().setLogLevel(Level.DEBUG)).execute(PolicyHttpClientTest.request(),
            RequestOptions.none());

        assertThat(appender.list).singleElement()
            .satisfies(event -> assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG));
    }

    @Test
    void offMeansNoLine() {
        transport.then(CannedResponse.of(200));

        client(new AttemptLoggingOptions().setEnabled(false)).execute(PolicyHttpClientTest.request(),
            RequestOptions.none());

        assertThat(appender.list).isEmpty();
    }

    @Test
    void onlyAllowedQueryValuesAreShown() {
        transport.then(CannedResponse.of(200));

        client(new AttemptLoggingOptions().setAllowedQueryParams(Set.of("api-version"))).execute(
            PolicyHttpClientTest.request().toBuilder().putQueryParam("api-version", "2024-10-21")
                .putQueryParam("sig", "s3cr3t").build(), RequestOptions.none());

        assertThat(appender.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
            .contains("api-version=2024-10-21").doesNotContain("s3cr3t"));
    }
}
