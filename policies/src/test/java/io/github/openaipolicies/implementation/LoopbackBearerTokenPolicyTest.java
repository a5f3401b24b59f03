// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.github.openaipolicies.ScriptedHttpClient;
import io.github.openaipolicies.ScriptedHttpClient.ScriptedResponse;
import io.github.openaipolicies.core.implementation.CredentialTransportRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loopback bearer policy over plain HTTP to a loopback host: the CAE claims challenge is answered once with a
 * token for the claims, any other 401 is handed back as it came.
 */
class LoopbackBearerTokenPolicyTest {
    private static final String LOCAL_URL = "http://localhost:8080/openai/embeddings";
    private static final String CLAIMS = "{\"access_token\":{\"nbf\":{\"essential\":true,\"value\":\"1700000000\"}}}";
    private static final String CAE_CHALLENGE = "Bearer realm=\"\", error=\"insufficient_claims\", claims=\""
        + Base64.getEncoder().encodeToString(CLAIMS.getBytes(StandardCharsets.UTF_8)) + "\"";

    /** Hands out token-1, token-2, ... and records every request for a token. */
    private static final class CountingCredential implements TokenCredential {
        private final List<TokenRequestContext> requests = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromSupplier(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            requests.add(request);
            return new AccessToken("token-" + requests.size(), OffsetDateTime.now().plusHours(1));
        }
    }

    private final CountingCredential credential = new CountingCredential();

    private HttpResponse send(ScriptedHttpClient client, String url, boolean sync) {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client)
            .policies(new LoopbackBearerTokenPolicy(credential, new CredentialTransportRule(true), "scope/.default"))
            .build();
        HttpRequest request = new HttpRequest(HttpMethod.POST, url).setBody("{}");
        return sync ? pipeline.sendSync(request, Context.NONE) : pipeline.send(request).block();
    }

    private static HttpHeaders challenge(String value) {
        return ScriptedHttpClient.headers("WWW-Authenticate", value);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aClaimsChallengeIsAnsweredOnceWithATokenForTheClaims(boolean sync) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(401, challenge(CAE_CHALLENGE))
            .respond(200, new HttpHeaders(), "{}");

        try (HttpResponse response = send(client, LOCAL_URL, sync)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        assertThat(client.attempts()).extracting(attempt -> attempt.headerValues("Authorization"))
            .containsExactly(List.of("Bearer token-1"), List.of("Bearer token-2"));
        assertThat(credential.requests).hasSize(2);
        assertThat(credential.requests.get(1).getClaims()).isEqualTo(CLAIMS);
        assertThat(credential.requests.get(1).isCaeEnabled()).isTrue();
        assertThat(credential.requests.get(1).getScopes()).containsExactly("scope/.default");
        assertThat(client.responses().get(0).isClosed()).as("the challenged response is closed").isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aChallengeThatIsNotAboutClaimsIsHandedBack(boolean sync) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(401, challenge("Bearer realm=\"\", error=\"invalid_token\""));

        try (HttpResponse response = send(client, LOCAL_URL, sync)) {
            assertThat(response.getStatusCode()).isEqualTo(401);
            assertThat(response).isSameAs(client.responses().get(0));
            assertThat(client.responses().get(0).isClosed()).isFalse();
        }
        assertThat(client.attemptCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void onlyA401WithAChallengeHeaderIsAChallenge(boolean sync) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(401)
            .respond(403, challenge(CAE_CHALLENGE));

        try (HttpResponse first = send(client, LOCAL_URL, sync);
            HttpResponse second = send(client, LOCAL_URL, sync)) {
            assertThat(first.getStatusCode()).isEqualTo(401);
            assertThat(second.getStatusCode()).isEqualTo(403);
            assertThat(client.responses()).as("handed back, not closed").noneMatch(ScriptedResponse::isClosed);
        }
        assertThat(client.attemptCount()).isEqualTo(2);
        assertThat(credential.requests).allMatch(request -> request.getClaims() == null);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void httpsGoesThroughTheInheritedPolicy(boolean sync) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(401, challenge(CAE_CHALLENGE))
            .respond(200);

        try (HttpResponse response = send(client, "https://example.com/openai/embeddings", sync)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
        assertThat(client.attempts()).extracting(attempt -> attempt.headerValues("Authorization"))
            .containsExactly(List.of("Bearer token-1"), List.of("Bearer token-2"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRefusedUrlFailsBeforeAnyTokenOrAttempt(boolean sync) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);

        assertThatThrownBy(() -> send(client, "http://example.com/openai/embeddings", sync))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("loopback hosts");
        assertThat(client.attemptCount()).isZero();
        assertThat(credential.requests).isEmpty();
    }
}
