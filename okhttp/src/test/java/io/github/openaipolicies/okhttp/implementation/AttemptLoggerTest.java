// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One line per attempt, the other adapters' line: the decision after it, and never the credential. */
class AttemptLoggerTest {
    private static final String KEY = "secret-key-0123456789";

    private final CallHarness harness;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AttemptLogger.LOGGER.getName());

    AttemptLoggerTest() throws IOException {
        harness = new CallHarness();
    }

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void release() throws IOException {
        logger.detachAppender(appender);
        logger.setLevel(null);
        harness.close();
    }

    private void send(AttemptLoggingOptions logging, boolean async) throws IOException {
        harness.client(new RetryAfterOptions().setMaxRetries(1), AttemptLogger.of(logging), false);
        harness.send(harness.embeddings().newBuilder().header("api-key", KEY).build(), async).close();
    }

    @Test
    void everyAttemptHasItsLineWithTheDecisionAndNoCredential() throws Exception {
        harness.server.enqueue(OkHttpCallTest.status(429, "retry-after-ms", "800", "x-request-id", "req-1"));
        harness.server.enqueue(OkHttpCallTest.status(200, "x-request-id", "req-2"));

        send(new AttemptLoggingOptions(), true);

        assertThat(appender.list).hasSize(2);
        ILoggingEvent first = appender.list.get(0);
        assertThat(first.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(first.getFormattedMessage()).startsWith(AttemptLogger.MESSAGE)
            .contains("method=POST", "attempt=1", "statusCode=429", "retryDelayMs=800", "x-request-id=req-1",
                "api-key.count=1", "api-version=2024-10-21")
            .doesNotContain(KEY);
        ILoggingEvent second = appender.list.get(1);
        assertThat(second.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        assertThat(second.getFormattedMessage()).contains("attempt=2", "statusCode=200")
            .doesNotContain("retryDelayMs", "finalReason").doesNotContain(KEY);
    }

    @Test
    void aFailedLastAttemptSaysWhyTheCallStopped() {
        harness.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        harness.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

        assertThatThrownBy(() -> send(new AttemptLoggingOptions(), false)).isInstanceOf(IOException.class);

        assertThat(appender.list).hasSize(2);
        assertThat(appender.list.get(0).getFormattedMessage()).contains("attempt=1", "exception=", "retryDelayMs=");
        assertThat(appender.list.get(1).getFormattedMessage()).contains("attempt=2", "finalReason=")
            .doesNotContain(KEY);
    }

    @Test
    void aHoldInTheGateAndAFinalClientErrorAreInTheLine() throws Exception {
        harness.server.enqueue(OkHttpCallTest.status(400));
        harness.gate.hold();
        harness.time.onWait(harness.gate::release);
        harness.client(new RetryAfterOptions(), AttemptLogger.of(new AttemptLoggingOptions()), true);

        harness.send(harness.embeddings(), false).close();

        assertThat(appender.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
            .contains("statusCode=400", "gateHeldMs=250", "gateHoldReason=", "durationMs=", "finalReason="));
    }

    @Test
    void offMeansNoLine() throws Exception {
        harness.server.enqueue(OkHttpCallTest.status(200));

        send(new AttemptLoggingOptions().setEnabled(false), false);

        assertThat(appender.list).isEmpty();
    }

    @Test
    void aLoggerThatTakesNeitherLevelBuildsNoLine() throws Exception {
        harness.server.enqueue(OkHttpCallTest.status(200));
        logger.setLevel(ch.qos.logback.classic.Level.ERROR);

        send(new AttemptLoggingOptions(), false);

        assertThat(appender.list).isEmpty();
    }
}
