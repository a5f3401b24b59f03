// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.github.openaipolicies.RequestLoggingPolicyTest.bodyHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The value of every never-logged header, built-in or added, is removed from logged bodies and exception messages
 * when a server echoes it.
 */
class RequestLoggingPolicyRedactionTest {
    private static final String URL = "https://res.openai.azure.com/openai/deployments/d/embeddings";
    private static final HttpHeaderName ADDED_REQUEST_HEADER = HttpHeaderName.fromString("x-gateway-key");
    private static final HttpHeaderName ADDED_RESPONSE_HEADER = HttpHeaderName.fromString("x-session-token");

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    /** A never-logged header, the value it carries, and the secret in that value a server may echo. */
    private record Case(HttpHeaderName header, String value, String secret, boolean onResponse) {
        @Override
        public String toString() {
            return header.getCaseSensitiveName();
        }
    }

    static Stream<Arguments> neverLoggedHeaders() {
        Stream<Case> cases = Stream.of(
            new Case(HttpHeaderName.AUTHORIZATION, "Bearer tok-SECRET-1", "tok-SECRET-1", false),
            new Case(HttpHeaderName.fromString("api-key"), "apikey-SECRET-2", "apikey-SECRET-2", false),
            new Case(HttpHeaderName.fromString("Ocp-Apim-Subscription-Key"), "sub-SECRET-3", "sub-SECRET-3", false),
            new Case(HttpHeaderName.PROXY_AUTHORIZATION, "Basic cHJveHk6U0VDUkVULTQ=", "cHJveHk6U0VDUkVULTQ=", false),
            new Case(HttpHeaderName.COOKIE, "session=cookie-SECRET-5; theme=1", "cookie-SECRET-5", false),
            new Case(HttpHeaderName.SET_COOKIE, "id=setcookie-SECRET-6; Path=/; HttpOnly", "setcookie-SECRET-6", true),
            new Case(ADDED_REQUEST_HEADER, "gateway-SECRET-7", "gateway-SECRET-7", false),
            new Case(ADDED_RESPONSE_HEADER, "session-SECRET-8", "session-SECRET-8", true));
        return cases.flatMap(c -> Stream.of(CallPath.values()).map(path -> Arguments.of(c, path)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("neverLoggedHeaders")
    void anEchoedValueIsRemovedFromBodiesAndExceptionMessages(Case c, CallPath path) {
        String echo = "{\"echo\":\"" + c.secret() + "\"}";
        String sent = c.onResponse() ? "{}" : echo;
        String serverError = "server said " + (c.onResponse() ? "no" : c.secret());
        HttpHeaders responseHeaders = bodyHeaders("application/json", echo);
        HttpHeaders requestHeaders = new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json");
        (c.onResponse() ? responseHeaders : requestHeaders).add(c.header(), c.value());
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200, responseHeaders, echo)
            .fail(new IOException(serverError));
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client)
            .policies(new RequestLoggingPolicy(new RequestLoggingOptions().setLogBodies(true)
                .setAdditionalRedactedHeaders(Set.of(ADDED_REQUEST_HEADER, ADDED_RESPONSE_HEADER))))
            .build();

        try (HttpResponse response = path.send(pipeline, request(requestHeaders, sent))) {
            assertThat(path.body(response)).as("the caller gets the body as sent").isEqualTo(echo);
        }
        assertThatThrownBy(() -> path.send(pipeline, request(requestHeaders, sent))).hasRootCauseMessage(serverError);

        var lines = LoggedLines.of(logs, RequestLoggingPolicy.class);
        Map<String, Object> answered = lines.get(0);
        Map<String, Object> failed = lines.get(1);
        assertThat(answered).containsEntry("responseBody", "{\"echo\":\"REDACTED\"}");
        if (!c.onResponse()) {
            assertThat(answered).containsEntry("requestBody", "{\"echo\":\"REDACTED\"}");
            assertThat(failed.get("exceptionMessage")).asString().endsWith("server said REDACTED");
        }
        assertThat(logs.allText()).doesNotContain(c.secret());
    }

    private static HttpRequest request(HttpHeaders headers, String body) {
        return new HttpRequest(HttpMethod.POST, URL).setHeaders(new HttpHeaders(headers))
            .setBody(BinaryData.fromString(body));
    }
}
