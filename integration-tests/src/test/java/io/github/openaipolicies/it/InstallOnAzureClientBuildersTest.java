// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClientBuilder;
import com.azure.messaging.servicebus.administration.models.NamespaceProperties;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.implementation.AttemptContext;
import io.github.openaipolicies.it.support.CapturingAppender;
import io.github.openaipolicies.it.support.LoopbackTlsWireMock;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.HttpClientKind;
import io.github.openaipolicies.testkit.implementation.SimulatorHttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code OpenAIPipelines.install} on the azure-core HTTP client builders of the Azure SDK BOM that applications combine
 * with OpenAI: each makes a real call against a WireMock stub that answers 503 and then 200, and the call succeeds
 * after exactly one retry of {@code RetryAfterPolicy} (the builder's own retry never retries: it would show as a
 * second attempt numbered 1).
 */
class InstallOnAzureClientBuildersTest {
    private static final String RETRIED = "retried";
    private static final String TENANT = "5a0e7d3c-inst-4a5b-9c8d-0e1f2a3b4c5d";
    private static final String TOKEN = "kv-token-0123456789";

    private static WireMockServer server;
    private static HttpClient httpClient;

    private final AttemptProbe probe = new AttemptProbe();

    @BeforeAll
    static void startServer() {
        server = LoopbackTlsWireMock.start();
        httpClient = SimulatorHttpClients.create(HttpClientKind.NETTY, server.httpsPort());
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetStubs() {
        server.resetAll();
    }

    private static String baseUrl() {
        return "https://localhost:" + server.httpsPort();
    }

    private static RetryAfterOptions fastRetries() {
        return new RetryAfterOptions().setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofMillis(20));
    }

    /** The request answers 503 the first time and {@code ok} from then on. */
    private static void unavailableOnceThen(Supplier<MappingBuilder> request, ResponseDefinitionBuilder ok) {
        server.stubFor(request.get().inScenario("503 then 200").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503)).willSetStateTo(RETRIED));
        server.stubFor(request.get().inScenario("503 then 200").whenScenarioStateIs(RETRIED).willReturn(ok));
    }

    private void assertRetriedOnceByOurPolicy(String path) {
        assertThat(probe.seen(path)).as("attempt:status of the requests to %s", path)
            .containsExactly("1:503", "2:200");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void openAIClientBuilder(boolean sync) {
        String path = "/openai/deployments/embed/embeddings";
        unavailableOnceThen(() -> post(urlPathEqualTo(path)), okJson("{\"object\":\"list\","
            + "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5]}],"
            + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}"));
        OpenAIClientBuilder builder = new OpenAIClientBuilder().endpoint(baseUrl())
            .credential(new AzureKeyCredential("key-0123456789")).httpClient(httpClient).addPolicy(probe);

        OpenAIPipelines.install(builder, fastRetries());
        EmbeddingsOptions input = new EmbeddingsOptions(List.of("hello"));
        Embeddings embeddings = sync ? builder.buildClient().getEmbeddings("embed", input)
            : builder.buildAsyncClient().getEmbeddings("embed", input).block();

        assertThat(embeddings.getData()).singleElement()
            .satisfies(item -> assertThat(item.getEmbedding()).containsExactly(0.5f));
        assertRetriedOnceByOurPolicy(path);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void blobServiceClientBuilder(boolean sync) {
        String path = "/devstoreaccount1/reports";
        unavailableOnceThen(() -> get(urlPathEqualTo(path)).withQueryParam("restype", equalTo("container")),
            aResponse().withStatus(200));
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().endpoint(baseUrl() + "/devstoreaccount1")
            .httpClient(httpClient).addPolicy(probe);

        OpenAIPipelines.install(builder, fastRetries());
        boolean exists = sync ? builder.buildClient().getBlobContainerClient("reports").exists()
            : builder.buildAsyncClient().getBlobContainerAsyncClient("reports").exists().block();

        assertThat(exists).isTrue();
        assertRetriedOnceByOurPolicy(path);
    }

    /**
     * What the documentation says of Storage: its own retry policy stays in the pipeline with one try, and on the sync
     * path it logs an I/O error at ERROR even though {@code RetryAfterPolicy} then retries the call with success.
     * Storage's builders have no {@code retryPolicy(...)} to put a silent policy in its place. The async path is
     * silent.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void blobServiceClientBuilderHealsAConnectionResetAndOnlyItsSyncRetryPolicyLogsIt(boolean sync) {
        String path = "/devstoreaccount1/archive";
        server.stubFor(get(urlPathEqualTo(path)).inScenario("reset then 200").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo(RETRIED));
        server.stubFor(get(urlPathEqualTo(path)).inScenario("reset then 200").whenScenarioStateIs(RETRIED)
            .willReturn(aResponse().withStatus(200)));
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().endpoint(baseUrl() + "/devstoreaccount1")
            .httpClient(httpClient).addPolicy(probe);
        int logged = CapturingAppender.events().size();

        OpenAIPipelines.install(builder, fastRetries());
        boolean exists = sync ? builder.buildClient().getBlobContainerClient("archive").exists()
            : builder.buildAsyncClient().getBlobContainerAsyncClient("archive").exists().block();

        assertThat(exists).isTrue();
        assertThat(probe.seen(path)).containsExactly("2:200");
        List<String> events = CapturingAppender.events(); // one snapshot: late log events may arrive in between
        List<String> storageErrors = events.subList(logged, events.size())
            .stream().filter(event -> event.startsWith("ERROR com.azure.storage.common.policy.RequestRetryPolicy"))
            .toList();
        assertThat(storageErrors).hasSize(sync ? 1 : 0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void secretClientBuilder(boolean sync) {
        String path = "/secrets/db-password/";
        // Key Vault first sends a request without a token to learn the tenant and scope from the challenge; the
        // challenge is cached per host for the JVM, so only the first test of the class sees it.
        server.stubFor(get(urlPathMatching("/secrets/.*")).withHeader("Authorization", absent()).atPriority(1)
            .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer authorization="
                + "\"https://login.microsoftonline.com/" + TENANT + "\", resource=\"https://vault.azure.net\"")));
        unavailableOnceThen(() -> get(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + TOKEN)),
            okJson("{\"value\":\"s3cret\",\"id\":\"" + baseUrl() + "/secrets/db-password/1\"}"));
        TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        SecretClientBuilder builder = new SecretClientBuilder().vaultUrl(baseUrl()).credential(credential)
            .disableChallengeResourceVerification().httpClient(httpClient).addPolicy(probe);

        OpenAIPipelines.install(builder, fastRetries());
        KeyVaultSecret secret = sync ? builder.buildClient().getSecret("db-password")
            : builder.buildAsyncClient().getSecret("db-password").block();

        assertThat(secret.getValue()).isEqualTo("s3cret");
        assertThat(probe.seen(path)).as("attempt:status of the requests to %s", path)
            .filteredOn(seen -> !seen.endsWith(":401")).containsExactly("1:503", "2:200");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void clientSecretCredentialBuilder(boolean sync) {
        String path = "/" + TENANT + "/oauth2/v2.0/token";
        unavailableOnceThen(() -> post(urlPathEqualTo(path)), okJson("{\"token_type\":\"Bearer\","
            + "\"expires_in\":3600,\"ext_expires_in\":3600,\"access_token\":\"entra-token-0123456789\"}"));
        ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder().tenantId(TENANT)
            .clientId("0b7c5e1d-inst-4b1c-8d9e-1f2a3b4c5d6e").clientSecret("client-secret-0123456789")
            .authorityHost(baseUrl()).disableInstanceDiscovery().httpClient(httpClient).addPolicy(probe);

        OpenAIPipelines.install(builder, fastRetries());
        ClientSecretCredential credential = builder.build();
        TokenRequestContext scopes = new TokenRequestContext().addScopes("https://cognitiveservices.azure.com/.default");
        AccessToken token = sync ? credential.getTokenSync(scopes) : credential.getToken(scopes).block();

        assertThat(token.getToken()).isEqualTo("entra-token-0123456789");
        assertRetriedOnceByOurPolicy(path);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void serviceBusAdministrationClientBuilder(boolean sync) {
        String path = "/$namespaceinfo";
        unavailableOnceThen(() -> get(urlPathEqualTo(path)), aResponse().withStatus(200)
            .withHeader("Content-Type", "application/atom+xml;type=entry;charset=utf-8")
            .withBody("<entry xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">orders</title>"
                + "<content type=\"application/xml\"><NamespaceInfo "
                + "xmlns=\"http://schemas.microsoft.com/netservices/2010/10/servicebus/connect\" "
                + "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><CreatedTime>2024-01-01T00:00:00Z</CreatedTime>"
                + "<MessagingSKU>Standard</MessagingSKU><ModifiedTime>2024-01-01T00:00:00Z</ModifiedTime>"
                + "<Name>orders</Name><NamespaceType>Messaging</NamespaceType></NamespaceInfo></content></entry>"));
        TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        ServiceBusAdministrationClientBuilder builder = new ServiceBusAdministrationClientBuilder()
            .credential("localhost:" + server.httpsPort(), credential).httpClient(httpClient).addPolicy(probe);

        OpenAIPipelines.install(builder, fastRetries());
        NamespaceProperties properties = sync ? builder.buildClient().getNamespaceProperties()
            : builder.buildAsyncClient().getNamespaceProperties().block();

        assertThat(properties.getName()).isEqualTo("orders");
        assertRetriedOnceByOurPolicy(path);
    }

    /** Records, on every attempt that reaches the transport, the attempt number of ours and the status. */
    private static final class AttemptProbe implements HttpPipelinePolicy {
        private final List<String[]> seen = Collections.synchronizedList(new ArrayList<>());

        List<String> seen(String path) {
            synchronized (seen) {
                return seen.stream().filter(entry -> entry[0].equals(path)).map(entry -> entry[1]).toList();
            }
        }

        private HttpResponse record(HttpPipelineCallContext context, HttpResponse response) {
            seen.add(new String[] {context.getHttpRequest().getUrl().getPath(),
                AttemptContext.recorded(context).orElse(0) + ":" + response.getStatusCode()});
            return response;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return next.process().map(response -> record(context, response));
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            return record(context, next.processSync());
        }
    }
}
