// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A stand-in for Microsoft Entra ID: a WireMock HTTPS server (presenting the simulator's certificate, so the
 * simulator's HTTP clients trust it) that serves the endpoints MSAL may call for a client secret credential: the
 * token endpoint and, although MSAL 1.23 with instance discovery disabled calls only the token endpoint, instance
 * discovery and the tenant's OpenID configuration. The token endpoint hands out a scripted
 * sequence of tokens ({@link #issueTokens(Grant...)}), so a test can make a token expire and watch it being renewed.
 *
 * <p>Register with {@code @RegisterExtension}: one server per test class, token script reset to one long-lived
 * {@link Secrets#ENTRA_TOKEN_1} before each test.</p>
 */
public final class EntraIdStub implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    /** The tenant id in the authority path. */
    public static final String TENANT = "4f1c2b7e-it00-4a5b-9c8d-0e1f2a3b4c5d";
    /** The application (client) id. */
    public static final String CLIENT_ID = "8d2e6f0a-it00-4b1c-8d9e-1f2a3b4c5d6e";

    private static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
    private static final String SCENARIO = "token sequence";

    private WireMockServer server;

    /**
     * One response of the token endpoint.
     *
     * @param accessToken the token
     * @param expiresInSeconds its lifetime, as {@code expires_in}
     */
    public record Grant(String accessToken, long expiresInSeconds) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = LoopbackTlsWireMock.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        issueTokens(new Grant(Secrets.ENTRA_TOKEN_1, 3600));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
    }

    /**
     * The authority host to give {@code ClientSecretCredentialBuilder.authorityHost(...)}.
     *
     * @return {@code https://localhost:PORT}
     */
    public String authorityHost() {
        return "https://localhost:" + server.httpsPort();
    }

    /**
     * A real azure-identity {@code ClientSecretCredential} for this stub's tenant, with its own fresh token cache.
     *
     * @param httpClient the transport, one that trusts the simulator's certificate
     * @return the credential
     */
    public TokenCredential clientSecretCredential(HttpClient httpClient) {
        return new ClientSecretCredentialBuilder()
            .tenantId(TENANT)
            .clientId(CLIENT_ID)
            .clientSecret(Secrets.CLIENT_SECRET)
            .authorityHost(authorityHost())
            .disableInstanceDiscovery()
            .httpClient(httpClient)
            .build();
    }

    /**
     * Forgets earlier requests and scripts the token endpoint: the n-th token request gets the n-th grant, every
     * later one the last grant.
     *
     * @param grants at least one grant
     */
    public void issueTokens(Grant... grants) {
        if (grants.length == 0) {
            throw new IllegalArgumentException("grants must name at least one grant");
        }
        server.resetAll();
        stubDiscovery();
        for (int i = 0; i < grants.length; i++) {
            var stub = post(urlPathEqualTo(TOKEN_PATH))
                .inScenario(SCENARIO)
                .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "grant " + i)
                .willReturn(okJson(tokenJson(grants[i])));
            if (i < grants.length - 1) {
                stub = stub.willSetStateTo("grant " + (i + 1));
            }
            server.stubFor(stub);
        }
    }

    /**
     * The requests the token endpoint received since the last {@link #issueTokens(Grant...)}.
     *
     * @return the requests, in order
     */
    public List<LoggedRequest> tokenRequests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    private void stubDiscovery() {
        String base = authorityHost();
        String host = "localhost:" + server.httpsPort();
        // Anything unexpected gets a plain 404 rather than WireMock's near-miss report, which would print the request.
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
        server.stubFor(get(urlPathEqualTo("/" + TENANT + "/v2.0/.well-known/openid-configuration"))
            .willReturn(okJson("{\"token_endpoint\":\"" + base + TOKEN_PATH + "\","
                + "\"authorization_endpoint\":\"" + base + "/" + TENANT + "/oauth2/v2.0/authorize\","
                + "\"issuer\":\"" + base + "/" + TENANT + "/v2.0\","
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\",\"private_key_jwt\"]}")));
        server.stubFor(get(urlPathEqualTo("/common/discovery/instance"))
            .willReturn(okJson("{\"tenant_discovery_endpoint\":\"" + base + "/" + TENANT
                + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":[{"
                + "\"preferred_network\":\"" + host + "\",\"preferred_cache\":\"" + host + "\","
                + "\"aliases\":[\"" + host + "\"]}]}")));
    }

    private static String tokenJson(Grant grant) {
        return "{\"token_type\":\"Bearer\",\"expires_in\":" + grant.expiresInSeconds()
            + ",\"ext_expires_in\":" + grant.expiresInSeconds()
            + ",\"access_token\":\"" + grant.accessToken() + "\"}";
    }
}
