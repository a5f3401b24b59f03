// Licensed under the MIT License.
package io.github.openaipolicies;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.BinaryData;
import com.azure.core.util.logging.LogLevel;
import io.github.openaipolicies.implementation.AttemptContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestLoggingPolicyTest {
    private static final String URL =
        "https://res.openai.azure.com/openai/deployments/d/embeddings?api-version=2024-02-01&sig=query-secret&x=1";

    @RegisterExtension
    final LogCapture logs = new LogCapture();


    @ParameterizedTest
    @EnumSource(CallPath.class)
    void logsOneLinePerAttemptWithItsKeyValues(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(429, ScriptedHttpClient.headers("retry-after", "2", "retry-after-ms", "1500",
                "apim-request-id", "apim-1", "x-request-id", "xr-1", "x-ms-region", "Sweden Central",
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-remaining-tokens", "12"))
            .respond(200, ScriptedHttpClient.headers("apim-request-id", "apim-2",
                "x-ratelimit-remaining-requests", "18", "x-ratelimit-remaining-tokens", "900"));
        HttpPipeline pipeline = pipeline(client, new RepeatUntilSuccess(3), new RequestLoggingPolicy());

        try (HttpResponse response = path.send(pipeline, request(headers("x-ms-client-request-id", "cid-1")))) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        List<Map<String, Object>> lines = LoggedLines.of(logs, RequestLoggingPolicy.class);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsEntry("method", "POST").containsEntry("attempt", 1)
            .containsEntry("statusCode", 429).containsEntry("x-ms-client-request-id", "cid-1")
            .containsEntry("retry-after", "2").containsEntry("retry-after-ms", "1500")
            .containsEntry("apim-request-id", "apim-1").containsEntry("x-request-id", "xr-1")
            .containsEntry("x-ms-region", "Sweden Central").containsEntry("x-ratelimit-remaining-requests", "0")
            .containsEntry("x-ratelimit-remaining-tokens", "12").containsEntry("authorization.count", 0)
            .containsEntry("api-key.count", 0).containsEntry("ocp-apim-subscription-key.count", 0)
            .containsKey("durationMs");
        assertThat(lines.get(1)).containsEntry("attempt", 2).containsEntry("statusCode", 200)
            .containsEntry("apim-request-id", "apim-2").containsEntry("x-ratelimit-remaining-tokens", "900")
            .doesNotContainKey("retry-after");
        assertThat(logs.events(RequestLoggingPolicy.class)).extracting(ILoggingEvent::getLevel)
            .containsExactly(Level.WARN, Level.INFO);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void redactsEveryQueryValueButApiVersion(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        send(path, client, new RequestLoggingPolicy(), request(new HttpHeaders()));

        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).singleElement()
            .extracting(line -> line.get("url")).isEqualTo("https://res.openai.azure.com/openai/deployments/d/"
                + "embeddings?api-version=2024-02-01&sig=REDACTED&x=REDACTED");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void countsCredentialValuesAndWarnsAboveOne(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200).times(2);
        RequestLoggingPolicy policy = new RequestLoggingPolicy();

        send(path, client, policy, request(headers("Authorization", "Bearer tok-1", "api-key", "key-1")));
        send(path, client, policy, request(headers("Authorization", "Bearer tok-1, Bearer tok-1",
            "Authorization", "Bearer tok-1", "Ocp-Apim-Subscription-Key", "sub-1")));

        List<Map<String, Object>> lines = LoggedLines.of(logs, RequestLoggingPolicy.class);
        assertThat(lines.get(0)).containsEntry("authorization.count", 1).containsEntry("api-key.count", 1)
            .containsEntry("ocp-apim-subscription-key.count", 0).doesNotContainKey("duplicateCredentialHeaders");
        assertThat(lines.get(1)).containsEntry("authorization.count", 3).containsEntry("api-key.count", 0)
            .containsEntry("ocp-apim-subscription-key.count", 1)
            .containsEntry("duplicateCredentialHeaders", "authorization");
        assertThat(logs.events(RequestLoggingPolicy.class)).extracting(ILoggingEvent::getLevel)
            .containsExactly(Level.INFO, Level.WARN);
        assertThat(logs.allText()).doesNotContain("tok-1", "key-1", "sub-1");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void logsErrorsWithTheirClass(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient().fail(new IOException("connection reset"));
        HttpPipeline pipeline = pipeline(client, new RequestLoggingPolicy());

        assertThatThrownBy(() -> path.send(pipeline, request(new HttpHeaders())))
            .isInstanceOf(path == CallPath.SYNC ? UncheckedIOException.class : RuntimeException.class)
            .hasRootCauseExactlyInstanceOf(IOException.class).hasRootCauseMessage("connection reset");

        assertThat(logs.events(RequestLoggingPolicy.class)).singleElement()
            .extracting(ILoggingEvent::getLevel).isEqualTo(Level.WARN);
        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class).get(0))
            .containsEntry("exception", path == CallPath.SYNC ? "java.io.UncheckedIOException" : "java.io.IOException")
            .containsEntry("exceptionMessage",
                path == CallPath.SYNC ? "java.io.IOException: connection reset" : "connection reset")
            .containsKey("durationMs").doesNotContainKey("statusCode");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void logsBodiesOnlyWhenAskedCutAndWithoutConsumingThem(CallPath path) {
        String responseBody = "{\"data\":[{\"embedding\":[0.1,0.2,0.3]}],\"usage\":{\"total_tokens\":7}}";
        HttpHeaders json = bodyHeaders("application/json; charset=utf-8", responseBody);
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200, json, responseBody).times(3);

        RequestLoggingPolicy withBodies = new RequestLoggingPolicy(new RequestLoggingOptions().setLogBodies(true)
            .setMaxBodyLogSize(20));
        try (HttpResponse response = path.send(pipeline(client, withBodies), jsonRequest("{\"input\":\"hello\"}"))) {
            assertThat(path.body(response)).isEqualTo(responseBody);
        }
        try (HttpResponse response = path.send(pipeline(client, new RequestLoggingPolicy()),
            jsonRequest("{\"input\":\"hello\"}"))) {
            assertThat(path.body(response)).isEqualTo(responseBody);
        }
        RequestLoggingPolicy uncut = new RequestLoggingPolicy(new RequestLoggingOptions().setLogBodies(true));
        try (HttpResponse response = path.send(pipeline(client, uncut), jsonRequest("{\"input\":\"hello\"}"))) {
            assertThat(path.body(response)).isEqualTo(responseBody);
        }

        List<Map<String, Object>> lines = LoggedLines.of(logs, RequestLoggingPolicy.class);
        assertThat(lines.get(0)).containsEntry("requestBody", "{\"input\":\"hello\"}")
            .hasEntrySatisfying("responseBody", body -> assertThat(body).asString()
                .startsWith(responseBody.substring(0, 20) + "...(cut").doesNotContain("total_tokens"));
        assertThat(lines.get(1)).doesNotContainKeys("requestBody", "responseBody");
        assertThat(lines.get(2)).containsEntry("responseBody", responseBody);
        assertThat(client.attempts().get(0).bodyAsString()).isEqualTo("{\"input\":\"hello\"}");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void logsNoBodyOfOtherContentTypesAndClosesTheOriginalResponse(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(200, bodyHeaders("application/octet-stream", "binary"), "binary")
            .respond(200, bodyHeaders("application/json", "{}"), "{}");
        RequestLoggingPolicy policy = new RequestLoggingPolicy(new RequestLoggingOptions().setLogBodies(true));

        HttpResponse binary = path.send(pipeline(client, policy), request(new HttpHeaders()));
        binary.close();
        HttpResponse json = path.send(pipeline(client, policy), request(new HttpHeaders()));
        json.close();

        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class).get(0)).doesNotContainKey("responseBody");
        assertThat(client.responses().get(0).isBodyRead()).isFalse();
        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class).get(1)).containsEntry("responseBody", "{}");
        assertThat(client.responses()).allSatisfy(response -> assertThat(response.isClosed()).isTrue());
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void restoresTheAttemptNumberThatAStockRetryPolicyOverwrites(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        PipelineTestPolicies.RetryCountProbe seenByStockLogger = new PipelineTestPolicies.RetryCountProbe();
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client)
            .policies(new RecordAttempt(4), new RetryPolicy(new FixedDelay(0, Duration.ZERO)),
                new RequestLoggingPolicy(), seenByStockLogger)
            .build();

        path.send(pipeline, request(new HttpHeaders())).close();

        assertThat(seenByStockLogger.seen()).containsExactly(4);
        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).singleElement()
            .satisfies(line -> assertThat(line).containsEntry("attempt", 4));
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void honoursLevelsAndAllowedParameters(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200).respond(500);
        RequestLoggingPolicy policy = new RequestLoggingPolicy(new RequestLoggingOptions()
            .setLogLevel(LogLevel.VERBOSE).setFailureLogLevel(LogLevel.ERROR)
            .setAllowedQueryParams(Set.of("X")).setAdditionalLoggedHeaders(Set.of(HttpHeaderName.fromString("x-a"))));

        send(path, client, policy, request(headers("x-a", "request-a")));
        send(path, client, policy, request(new HttpHeaders()));

        assertThat(logs.events(RequestLoggingPolicy.class)).extracting(ILoggingEvent::getLevel)
            .containsExactly(Level.DEBUG, Level.ERROR);
        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class).get(0))
            .containsEntry("x-a", "request-a")
            .containsEntry("url", "https://res.openai.azure.com/openai/deployments/d/embeddings"
                + "?api-version=REDACTED&sig=REDACTED&x=1");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void countsButNeverLogsAdditionalRedactedHeaders(CallPath path) {
        HttpHeaderName custom = HttpHeaderName.fromString("x-custom-key");
        String body = "{\"seen\":\"custom-secret\"}";
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200, bodyHeaders("application/json", body), body);
        RequestLoggingPolicy policy = new RequestLoggingPolicy(new RequestLoggingOptions().setLogBodies(true)
            .setAdditionalRedactedHeaders(Set.of(custom)).setAdditionalLoggedHeaders(Set.of(custom)));

        send(path, client, policy, request(headers("x-custom-key", "custom-secret", "x-custom-key", "custom-secret")));

        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).singleElement()
            .satisfies(line -> assertThat(line).containsEntry("x-custom-key.count", 2)
                .containsEntry("duplicateCredentialHeaders", "x-custom-key").doesNotContainKey("x-custom-key")
                .containsEntry("responseBody", "{\"seen\":\"REDACTED\"}"));
        assertThat(logs.allText()).doesNotContain("custom-secret");
    }

    @Test
    void runsOnEveryAttempt() {
        assertThat(new RequestLoggingPolicy().getPipelinePosition()).isEqualTo(HttpPipelinePosition.PER_RETRY);
        assertThatThrownBy(() -> new RequestLoggingPolicy(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("options");
    }

    static HttpRequest request(HttpHeaders headers) {
        return new HttpRequest(HttpMethod.POST, URL).setHeaders(headers);
    }

    static HttpRequest jsonRequest(String body) {
        return new HttpRequest(HttpMethod.POST, URL).setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
            .setBody(BinaryData.fromString(body));
    }

    /** Response headers of a body: its content type and, as a server sending a whole body says, its length. */
    static HttpHeaders bodyHeaders(String contentType, String body) {
        return headers("Content-Type", contentType,
            "Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
    }

    static HttpHeaders headers(String... namesAndValues) {
        return ScriptedHttpClient.headers(namesAndValues);
    }

    static HttpPipeline pipeline(ScriptedHttpClient client, HttpPipelinePolicy... policies) {
        return new HttpPipelineBuilder().httpClient(client).policies(policies).build();
    }

    private static void send(CallPath path, ScriptedHttpClient client, HttpPipelinePolicy policy,
        HttpRequest request) {
        path.send(pipeline(client, policy), request).close();
    }

    /** Tries up to a number of times until a status below 400, recording attempts as RetryAfterPolicy does. */
    static final class RepeatUntilSuccess implements HttpPipelinePolicy {
        private final int maxAttempts;

        RepeatUntilSuccess(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return attempt(context, next, context.getHttpRequest().copy(), 1);
        }

        private Mono<HttpResponse> attempt(HttpPipelineCallContext context, HttpPipelineNextPolicy next,
            HttpRequest original, int attempt) {
            AttemptContext.record(context, attempt);
            context.setHttpRequest(original.copy());
            return next.clone().process().flatMap(response -> {
                if (response.getStatusCode() < 400 || attempt == maxAttempts) {
                    return Mono.just(response);
                }
                response.close();
                return attempt(context, next, original, attempt + 1);
            });
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            HttpRequest original = context.getHttpRequest().copy();
            for (int attempt = 1; ; attempt++) {
                AttemptContext.record(context, attempt);
                context.setHttpRequest(original.copy());
                HttpResponse response = next.clone().processSync();
                if (response.getStatusCode() < 400 || attempt == maxAttempts) {
                    return response;
                }
                response.close();
            }
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() {
            return HttpPipelinePosition.PER_CALL;
        }
    }

    /** Records a fixed attempt number, as RetryAfterPolicy would on that attempt. */
    record RecordAttempt(int attempt) implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            AttemptContext.record(context, attempt);
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            AttemptContext.record(context, attempt);
            return next.processSync();
        }
    }

}
