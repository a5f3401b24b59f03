// Licensed under the MIT License.
package io.github.openaipolicies;

import ch.qos.logback.classic.Level;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedupeAuthPolicyTest {
    private static final HttpHeaderName API_KEY = HttpHeaderName.fromString("api-key");
    private static final HttpHeaderName SUBSCRIPTION_KEY = HttpHeaderName.fromString("Ocp-Apim-Subscription-Key");
    private static final String URL = "https://res.openai.azure.com/openai/deployments/d/embeddings?api-version=1";

    @RegisterExtension
    final LogCapture logs = new LogCapture();


    @ParameterizedTest
    @EnumSource(CallPath.class)
    void identicalValuesOnTwoLinesBecomeOne(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        send(path, client, new DedupeAuthPolicy(), headers(HttpHeaderName.AUTHORIZATION, "Bearer tok", "Bearer tok"));

        assertThat(client.attempts()).singleElement()
            .satisfies(attempt -> assertThat(attempt.sync()).isEqualTo(path == CallPath.SYNC))
            .satisfies(attempt -> assertThat(attempt.headerValues("Authorization")).containsExactly("Bearer tok"));
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void commaJoinedRepeatsBecomeOne(CallPath path) {
        for (String joined : List.of("Bearer tok, Bearer tok", "Bearer tok,Bearer tok")) {
            ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
            send(path, client, new DedupeAuthPolicy(), headers(HttpHeaderName.AUTHORIZATION, joined));
            assertThat(client.attempts().get(0).headerValues("Authorization")).as(joined)
                .containsExactly("Bearer tok");
        }
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void threeIdenticalValuesBecomeOne(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        HttpHeaders headers = headers(HttpHeaderName.AUTHORIZATION, "Bearer tok, Bearer tok", "Bearer tok");
        headers.add(API_KEY, "key1, key1");
        headers.add(API_KEY, "key1");

        send(path, client, new DedupeAuthPolicy(), headers);

        ScriptedHttpClient.RecordedRequest attempt = client.attempts().get(0);
        assertThat(attempt.headerValues("Authorization")).containsExactly("Bearer tok");
        assertThat(attempt.headerValues("api-key")).containsExactly("key1");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void differentValuesFailWithoutSending(CallPath path) {
        List<Map.Entry<String, HttpHeaders>> expectations = List.of(
            Map.entry("Authorization", headers(HttpHeaderName.AUTHORIZATION, "Bearer tok-one", "Bearer tok-two")),
            Map.entry("Authorization", headers(HttpHeaderName.AUTHORIZATION, "Bearer tok-one, Bearer tok-two")),
            Map.entry("api-key", headers(API_KEY, "key-one", "key-two")));
        for (Map.Entry<String, HttpHeaders> expected : expectations) {
            ScriptedHttpClient client = new ScriptedHttpClient().respond(200);

            assertThatThrownBy(() -> send(path, client, new DedupeAuthPolicy(), expected.getValue()))
                .isInstanceOf(DuplicateCredentialException.class)
                .hasMessage("The request carries 2 different values of the credential header '" + expected.getKey()
                    + "'; it was not sent. A policy probably adds this header on every try instead of setting it: "
                    + "write it with HttpHeaders.set, or wrap the pipeline with OpenAIPipelines.harden(...).")
                .satisfies(error -> assertThat(((DuplicateCredentialException) error).getHeaderName())
                    .isEqualTo(expected.getKey()));
            assertThat(client.attemptCount()).isZero();
        }
        assertThat(logs.allText()).contains("Credential header").doesNotContain("tok-one", "tok-two", "key-one",
            "key-two");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void legitimateCommasAndSingleValuesAreLeftAlone(CallPath path) {
        for (String value : List.of("Digest username=\"u\", realm=\"x\", nonce=\"y\"", "Digest username=u, realm=x",
            "Bearer tok", "Custom a=\"x, Custom y\"", "Bearer tok,", "Bearer tok, Basic tok")) {
            ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
            send(path, client, new DedupeAuthPolicy(), headers(HttpHeaderName.AUTHORIZATION, value));
            assertThat(client.attempts().get(0).headerValues("Authorization")).as(value).containsExactly(value);
        }
        assertThat(logs.messages(DedupeAuthPolicy.class)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void guardsOnlyTheGivenHeaders(CallPath path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        HttpHeaders headers = headers(SUBSCRIPTION_KEY, "sub-key", "sub-key");
        headers.add(HttpHeaderName.AUTHORIZATION, "Bearer one");
        headers.add(HttpHeaderName.AUTHORIZATION, "Bearer two");

        send(path, client, new DedupeAuthPolicy(SUBSCRIPTION_KEY), headers);

        ScriptedHttpClient.RecordedRequest attempt = client.attempts().get(0);
        assertThat(attempt.headerValues("Ocp-Apim-Subscription-Key")).containsExactly("sub-key");
        assertThat(attempt.headerValues("Authorization")).containsExactly("Bearer one", "Bearer two");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void warnsOncePerPolicyInstance(CallPath path) {
        DedupeAuthPolicy policy = new DedupeAuthPolicy();
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200).times(3);

        send(path, client, policy, headers(HttpHeaderName.AUTHORIZATION, "Bearer secret-tok", "Bearer secret-tok"));
        send(path, client, policy, headers(API_KEY, "secret-key", "secret-key"));

        assertThat(logs.messages(DedupeAuthPolicy.class, Level.WARN)).singleElement().asString()
            .contains("Authorization").doesNotContain("secret-tok");

        send(path, client, new DedupeAuthPolicy(), headers(API_KEY, "secret-key", "secret-key"));
        assertThat(logs.messages(DedupeAuthPolicy.class, Level.WARN)).hasSize(2).last().asString()
            .contains("api-key").doesNotContain("secret-key");
    }

    @Test
    void validatesGuardedHeaders() {
        assertThatThrownBy(() -> new DedupeAuthPolicy((HttpHeaderName[]) null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("guardedHeaders");
        assertThatThrownBy(() -> new DedupeAuthPolicy(new HttpHeaderName[0]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guardedHeaders");
        assertThatThrownBy(() -> new DedupeAuthPolicy(API_KEY, null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("guardedHeaders");
    }

    @Test
    void runsOnEveryAttempt() {
        assertThat(new DedupeAuthPolicy().getPipelinePosition()).isEqualTo(HttpPipelinePosition.PER_RETRY);
    }

    private static HttpHeaders headers(HttpHeaderName name, String... values) {
        HttpHeaders headers = new HttpHeaders();
        for (String value : values) {
            headers.add(name, value);
        }
        return headers;
    }

    private static void send(CallPath path, ScriptedHttpClient client, DedupeAuthPolicy policy, HttpHeaders headers) {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client).policies(policy).build();
        try (HttpResponse response = path.send(pipeline, new HttpRequest(HttpMethod.POST, URL).setHeaders(headers))) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
    }
}
