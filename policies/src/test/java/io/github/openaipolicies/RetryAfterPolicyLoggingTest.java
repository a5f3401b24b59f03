// Licensed under the MIT License.
package io.github.openaipolicies;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.VirtualTimeHarness.Path;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.util.List;

import static io.github.openaipolicies.ScriptedHttpClient.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link RetryAfterPolicy} logs: each decision with its key-values, never a header value but delays; the level
 * and the reason of every way a call can stop (retries exhausted, {@code insufficient_quota}, the {@code maxRetryAfter}
 * cap, the timeout, an unfixable error, retries off), on both paths.
 */
@Timeout(30) // only so that a regression that blocks fails instead of hanging the build
class RetryAfterPolicyLoggingTest {
    private static final String SECRET = "sk-secret-credential";

    private final VirtualTimeHarness harness = new VirtualTimeHarness();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RetryAfterPolicy.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        harness.close();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void logsEachRetryWithAttemptStatusDelayAndReason(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("Retry-After", "5", "apim-request-id", SECRET), "{\"error\":{\"code\":\"429\"}}")
            .fail(new UncheckedIOException(new IOException("reset")))
            .respond(200);

        harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()), client), request());

        List<String> messages = messages();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).contains("Retrying.", "\"attempt\":1", "\"statusCode\":429", "\"delayMs\":5000",
            "\"reason\":\"retryable status\"", "\"delaySource\":\"retry-after\"");
        assertThat(messages.get(1)).contains("Retrying.", "\"attempt\":2",
            "\"exception\":\"java.io.UncheckedIOException\"", "\"delayMs\":800", "\"reason\":\"I/O error or timeout\"");
        assertThat(String.join("\n", messages)).doesNotContain(SECRET).doesNotContain("Bearer");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void logsWhyAServerDelayIsNotWaited(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, headers("Retry-After", "86400", "x-ms-region", SECRET), "{\"error\":{\"code\":\"429\"}}");

        harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()), client), request());

        assertThat(appender.list).hasSize(1);
        assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(messages().get(0)).contains("\"attempt\":1", "\"statusCode\":429",
            "\"requestedDelayMs\":86400000", "\"maxRetryAfterMs\":60000",
            "\"reason\":\"requested delay above maxRetryAfter\"").doesNotContain(SECRET);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void logsTheRemainingBudgetWhenTheTimeoutStopsRetrying(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().fail(new IOException("reset")).times(2);

        assertThatThrownBy(() -> harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()
            .setTimeout(java.time.Duration.ofMillis(1000))), client), request()))
            .hasRootCauseInstanceOf(IOException.class);

        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.WARN);
        assertThat(messages().get(1)).contains("\"attempt\":2", "\"remainingBudgetMs\":600",
            "\"requestedDelayMs\":800", "\"reason\":\"wait would end after the overall timeout\"");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void insufficientQuotaEndsTheCallWithAWarningThatNamesTheReason(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(429, headers("Retry-After", "1"),
            "{\"error\":{\"code\":\"insufficient_quota\",\"type\":\"insufficient_quota\"}}");

        harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()), client), request());

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("Not retrying", "\"attempt\":1", "\"statusCode\":429",
                "\"reason\":\"insufficient_quota\"");
        });
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void exhaustedRetriesOnA5xxAreAWarningThatNamesTheReason(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).times(3);

        harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions().setMaxRetries(2)), client),
            request());

        assertThat(appender.list).extracting(ILoggingEvent::getLevel)
            .containsExactly(Level.INFO, Level.INFO, Level.WARN);
        assertThat(messages().get(2)).contains("Not retrying", "\"attempt\":3", "\"statusCode\":503",
            "\"reason\":\"retries exhausted\"");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void exhaustedRetriesOnAnErrorAreAWarningThatNamesTheReason(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().fail(new IOException("reset")).times(2);

        assertThatThrownBy(() -> harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()
            .setMaxRetries(1)), client), request())).hasRootCauseInstanceOf(IOException.class);

        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.WARN);
        assertThat(messages().get(1)).contains("\"attempt\":2", "\"reason\":\"retries exhausted\"");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aCallThatWasNeverMeantToRetryIsNotAWarning(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(503).fail(new IOException("reset"));
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions().setMaxRetries(0)), client);

        assertThat(harness.send(path, pipeline, request()).getStatusCode()).isEqualTo(503);
        assertThatThrownBy(() -> harness.send(path, pipeline, request())).hasRootCauseInstanceOf(IOException.class);

        assertThat(appender.list).hasSize(2).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getFormattedMessage()).contains("\"reason\":\"retries turned off (maxRetries 0)\"")
                .doesNotContain("exhausted");
        });
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anErrorNoRetryCanFixIsAWarningThatNamesTheReason(Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().fail(new UnknownHostException("x.invalid"));

        assertThatThrownBy(() -> harness.send(path, harness.pipeline(harness.policy(new RetryAfterOptions()), client),
            request())).hasRootCauseInstanceOf(UnknownHostException.class);

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            // The sync client wraps the error in an UncheckedIOException, as azure-core's sync clients do.
            String logged = path == Path.SYNC ? "java.io.UncheckedIOException" : "java.net.UnknownHostException";
            assertThat(event.getFormattedMessage()).contains("\"attempt\":1", "\"exception\":\"" + logged + "\"",
                "a retry cannot fix it");
        });
        assertThat(client.attemptCount()).isEqualTo(1);
    }

    private List<String> messages() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static HttpRequest request() {
        HttpRequest request = new HttpRequest(HttpMethod.POST, "https://example.test/embeddings").setBody("{}");
        request.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + SECRET);
        return request;
    }
}
