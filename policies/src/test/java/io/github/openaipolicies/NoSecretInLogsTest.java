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
import com.azure.core.util.Context;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs calls carrying known credentials through RequestLoggingPolicy and DedupeAuthPolicy, with every logger at its
 * most verbose level, and proves that no credential appears anywhere in the log output, bodies on or off.
 */
class NoSecretInLogsTest {
    private static final String API_KEY = "apikey-SECRET-1111";
    private static final String BEARER_TOKEN = "bearer-SECRET-2222";
    private static final String SUBSCRIPTION_KEY = "subkey-SECRET-3333";
    private static final String COOKIE = "cookie-SECRET-4444";
    private static final String SET_COOKIE = "setcookie-SECRET-5555";
    private static final String OTHER_TOKEN = "other-SECRET-6666";
    private static final List<String> SECRETS = List.of(API_KEY, BEARER_TOKEN, SUBSCRIPTION_KEY, COOKIE, SET_COOKIE,
        OTHER_TOKEN);
    /** What a server might echo of what the request carried (bodies and error messages repeat it). */
    private static final String ECHO = "{\"echo\":\"" + String.join(" ", API_KEY, BEARER_TOKEN, SUBSCRIPTION_KEY, COOKIE)
        + "\"}";
    /** A response that also echoes the cookie it sets. */
    private static final String RESPONSE_ECHO = ECHO.replace("}", ",\"cookie\":\"" + SET_COOKIE + "\"}");

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    static Stream<Arguments> pathsAndBodyLogging() {
        return Stream.of(Arguments.of(true, true), Arguments.of(true, false), Arguments.of(false, true),
            Arguments.of(false, false));
    }

    @ParameterizedTest(name = "sync={0} bodies={1}")
    @MethodSource("pathsAndBodyLogging")
    void noCredentialIsEverLogged(boolean sync, boolean logBodies) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(401, ScriptedHttpClient.headers("Content-Type", "application/json", "Set-Cookie",
                "id=" + SET_COOKIE + "; Path=/; HttpOnly", "WWW-Authenticate", "Bearer",
                "Content-Length", String.valueOf(RESPONSE_ECHO.length())), RESPONSE_ECHO)
            .fail(new IOException("server said " + ECHO));
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client)
            .policies(new RequestLoggingPolicy(new RequestLoggingOptions().setLogBodies(logBodies)),
                new DedupeAuthPolicy(HttpHeaderName.AUTHORIZATION, HttpHeaderName.fromString("api-key"),
                    HttpHeaderName.fromString("Ocp-Apim-Subscription-Key")))
            .build();

        HttpHeaders duplicated = credentials("Bearer " + BEARER_TOKEN + ", Bearer " + BEARER_TOKEN);
        duplicated.add(HttpHeaderName.fromString("api-key"), API_KEY);
        try (HttpResponse response = send(sync, pipeline, request(duplicated))) {
            assertThat(response.getStatusCode()).isEqualTo(401);
        }
        assertThatThrownBy(() -> send(sync, pipeline, request(credentials("Bearer " + BEARER_TOKEN))))
            .hasMessageContaining("server said");
        assertThatThrownBy(() -> send(sync, pipeline, request(credentials("Bearer " + BEARER_TOKEN + ", Bearer "
            + OTHER_TOKEN)))).isInstanceOf(DuplicateCredentialException.class);

        String everything = logs.allText();
        assertThat(logs.messages(RequestLoggingPolicy.class)).hasSize(3);
        assertThat(everything).contains("authorization.count").contains("DuplicateCredentialException");
        if (logBodies) {
            assertThat(everything).contains("responseBody\":\"{\\\"echo").contains("requestBody\":\"{\\\"echo");
        }
        for (String secret : SECRETS) {
            assertThat(everything).as("log output must not contain %s", secret).doesNotContain(secret);
        }
    }

    private static HttpHeaders credentials(String authorization) {
        return new HttpHeaders()
            .add(HttpHeaderName.AUTHORIZATION, authorization)
            .add(HttpHeaderName.fromString("api-key"), API_KEY)
            .add(HttpHeaderName.fromString("Ocp-Apim-Subscription-Key"), SUBSCRIPTION_KEY)
            .add(HttpHeaderName.COOKIE, "session=" + COOKIE)
            .add(HttpHeaderName.CONTENT_TYPE, "application/json");
    }

    private static HttpRequest request(HttpHeaders headers) {
        return new HttpRequest(HttpMethod.POST, "https://res.openai.azure.com/openai/deployments/d/embeddings"
            + "?api-version=2024-02-01&api-key=" + API_KEY).setHeaders(headers).setBody(BinaryData.fromString(ECHO));
    }

    private static HttpResponse send(boolean sync, HttpPipeline pipeline, HttpRequest request) {
        return sync ? pipeline.sendSync(request, Context.NONE) : pipeline.send(request).block();
    }
}
