package io.github.openaipolicies.testkit.implementation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.openaipolicies.testkit.HttpClientKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind of client against plain WireMock HTTPS servers: one with the simulator's certificate, two without. */
class SimulatorHttpClientsTest {

    private static final String BODY = "{\"input\":\"hello\"}";

    /** Presents the simulator certificate on 127.0.0.1, the address behind "localhost". */
    private static WireMockServer simulatorCertServer;
    /** Presents WireMock's own certificate: untrusted. */
    private static WireMockServer otherCertServer;
    /** Presents the simulator certificate on 127.0.0.2, an address the certificate does not name. */
    private static WireMockServer unnamedAddressServer;

    private static final Map<HttpClientKind, HttpClient> CLIENTS = new EnumMap<>(HttpClientKind.class);

    @BeforeAll
    static void startServers() {
        simulatorCertServer = start(withSimulatorKeystore(wireMockConfig().bindAddress("127.0.0.1")));
        otherCertServer = start(wireMockConfig().bindAddress("127.0.0.1"));
        unnamedAddressServer = start(withSimulatorKeystore(wireMockConfig().bindAddress("127.0.0.2")));
        for (HttpClientKind kind : HttpClientKind.values()) {
            CLIENTS.put(kind, SimulatorHttpClients.create(kind, simulatorCertServer.httpsPort()));
        }
    }

    @AfterAll
    static void stopServers() {
        simulatorCertServer.stop();
        otherCertServer.stop();
        unnamedAddressServer.stop();
    }

    @BeforeEach
    void resetRequests() {
        simulatorCertServer.resetRequests();
        otherCertServer.resetRequests();
        unnamedAddressServer.resetRequests();
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void reachesTheSimulatorCertificateByNameAsync(HttpClientKind kind) {
        assertPong(kind, (client, request) -> client.send(request).block());
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void reachesTheSimulatorCertificateByNameAsyncWithContext(HttpClientKind kind) {
        assertPong(kind, (client, request) -> client.send(request, Context.NONE).block());
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void reachesTheSimulatorCertificateByNameSync(HttpClientKind kind) {
        assertPong(kind, (client, request) -> client.sendSync(request, Context.NONE));
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void reachesTheSimulatorCertificateByLoopbackAddress(HttpClientKind kind) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, "https://127.0.0.1:" + simulatorCertServer.httpsPort() + "/ping");

        try (HttpResponse response = CLIENTS.get(kind).sendSync(request, Context.NONE)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void refusesAServerWithAnotherCertificate(HttpClientKind kind) {
        HttpClient client = SimulatorHttpClients.create(kind, otherCertServer.httpsPort());
        HttpRequest request = new HttpRequest(HttpMethod.GET, "https://localhost:" + otherCertServer.httpsPort() + "/ping");

        assertThatThrownBy(() -> client.sendSync(request, Context.NONE).close())
            .satisfies(SimulatorHttpClientsTest::hasSslCause);
        assertThatThrownBy(() -> client.send(request).block()).satisfies(SimulatorHttpClientsTest::hasSslCause);
        assertThat(otherCertServer.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void verifiesTheHostNameAgainstTheCertificate(HttpClientKind kind) {
        HttpClient client = SimulatorHttpClients.create(kind, unnamedAddressServer.httpsPort());
        HttpRequest request = new HttpRequest(HttpMethod.GET,
            "https://127.0.0.2:" + unnamedAddressServer.httpsPort() + "/ping");

        assertThatThrownBy(() -> client.sendSync(request, Context.NONE).close())
            .satisfies(SimulatorHttpClientsTest::hasSslCause);
        assertThat(unnamedAddressServer.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void sendsOpenAIRequestsToTheSimulatorWithPathQueryMethodHeadersAndBody(HttpClientKind kind) {
        HttpRequest request = openAIRequest();

        try (HttpResponse response = CLIENTS.get(kind).sendSync(request, Context.NONE)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getRequest().getUrl().toString())
                .isEqualTo("https://localhost:" + simulatorCertServer.httpsPort() + "/v1/embeddings?trace=1");
        }
        try (HttpResponse response = CLIENTS.get(kind).send(openAIRequest()).block()) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        simulatorCertServer.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings?trace=1"))
            .withHeader("Authorization", equalTo("Bearer sim-token"))
            .withHeader("x-custom", equalTo("kept"))
            .withRequestBody(equalTo(BODY)));
        assertThat(request.getUrl().getHost()).as("the caller's request is left alone").isEqualTo("api.openai.com");
    }

    @Test
    void okHttpRunsAsyncCallsOnDaemonThreadsSoItNeverKeepsTheJvmAlive() throws Exception {
        try (HttpResponse response = CLIENTS.get(HttpClientKind.OKHTTP).send(openAIRequest()).block()) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        // The dispatcher's executor itself, not the threads alive at this moment: whether one is alive depends on
        // which tests ran before in this JVM.
        Thread worker = SimulatorHttpClients.OkHttpShared.EXECUTOR.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
        assertThat(worker.getName()).startsWith("openai-simulator-okhttp-");
        assertThat(worker.isDaemon()).isTrue();
    }

    @Test
    void createRejectsAMissingKindAndABadPort() {
        assertThatThrownBy(() -> SimulatorHttpClients.create(null, 8443)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("kind");
        assertThatThrownBy(() -> SimulatorHttpClients.create(HttpClientKind.JDK, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpsPort");
    }

    private static void assertPong(HttpClientKind kind, BiFunction<HttpClient, HttpRequest, HttpResponse> send) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, "https://localhost:" + simulatorCertServer.httpsPort() + "/ping");

        try (HttpResponse response = send.apply(CLIENTS.get(kind), request)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getBodyAsBinaryData().toString()).isEqualTo("pong");
        }
    }

    private static HttpRequest openAIRequest() {
        return new HttpRequest(HttpMethod.POST, "https://api.openai.com/v1/embeddings?trace=1")
            .setHeader(HttpHeaderName.AUTHORIZATION, "Bearer sim-token")
            .setHeader(HttpHeaderName.fromString("x-custom"), "kept")
            .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
            .setBody(BODY);
    }

    private static void hasSslCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof SSLException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("an SSLException in the cause chain of %s", thrown).isNotNull();
    }

    private static WireMockConfiguration withSimulatorKeystore(WireMockConfiguration config) {
        return config.keystorePath(SimulatorTls.keystorePath())
            .keystorePassword(SimulatorTls.keystorePassword())
            .keyManagerPassword(SimulatorTls.keyManagerPassword())
            .keystoreType(SimulatorTls.keystoreType());
    }

    private static WireMockServer start(WireMockConfiguration config) {
        WireMockServer server = new WireMockServer(config.httpDisabled(true).dynamicHttpsPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("pong")));
        return server;
    }
}
