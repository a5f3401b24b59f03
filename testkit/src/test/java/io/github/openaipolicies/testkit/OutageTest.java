package io.github.openaipolicies.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backend taken down and brought back mid-run: 503s (journalled) or refused connections on the same port, then
 * normal answers again on the same endpoint. Requests go over real HTTPS with {@code java.net.http} trusting the
 * simulator's certificate. The simulator's clock stands still, so its quota window never rolls over here.
 */
class OutageTest {

    private static final String DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(Deployment.of(DEPLOYMENT)
            .withQuota(Quota.slidingWindow(1, 0, Duration.ofSeconds(10))))
            .clock(TestClock.atSomeWholeSecond()));

    @Test
    void aServiceUnavailableOutageAnswersEveryRequest503BeforeAnyCheckChargesNoQuotaAndIsJournalled()
        throws Exception {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        HttpClient client = client(simulator);
        simulator.takeDown(Outage.SERVICE_UNAVAILABLE);

        HttpResponse<String> down = send(client, simulator, AzureOpenAISimulator.DEFAULT_API_KEY);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"error\":{\"code\":\"503\",\"message\":\"The service is temporarily "
            + "unable to process your request. Please try again later.\"}}");
        assertThat(down.headers().firstValue("retry-after")).isEmpty();
        assertThat(down.headers().firstValue("x-ratelimit-remaining-requests")).isEmpty();
        assertThat(send(client, simulator, "wrong-key").statusCode()).as("a down backend checks no credential")
            .isEqualTo(503);
        assertThat(simulator.outage()).contains(Outage.SERVICE_UNAVAILABLE);

        simulator.bringBack();
        assertThat(simulator.outage()).isEmpty();
        assertThat(send(client, simulator, AzureOpenAISimulator.DEFAULT_API_KEY).statusCode())
            .as("the 503s charged no quota").isEqualTo(200);
        assertThat(simulator.journal().entries()).extracting(JournalEntry::status).containsExactly(503, 503, 200);
    }

    @Test
    void aServiceUnavailableOutageMayAnnounceADelay() throws Exception {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        simulator.takeDown(Outage.serviceUnavailable(Duration.ofMillis(1_500)));

        HttpResponse<String> down = send(client(simulator), simulator, AzureOpenAISimulator.DEFAULT_API_KEY);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("retry-after")).contains("2");
        assertThat(down.headers().firstValue("retry-after-ms")).contains("1500");
    }

    @Test
    void refusedConnectionsAreRefusedOnTheSamePortUntilBroughtBackAndNothingIsJournalled() throws Exception {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        String endpoint = simulator.endpoint();
        HttpClient client = client(simulator);
        assertThat(send(client, simulator, AzureOpenAISimulator.DEFAULT_API_KEY).statusCode()).isEqualTo(200);
        assertThat(azureCoreStatus(simulator)).as("a pooled azure-core connection").isEqualTo(429);

        simulator.takeDown(Outage.REFUSE_CONNECTIONS);
        simulator.takeDown(Outage.REFUSE_CONNECTIONS); // idempotent
        assertThatThrownBy(() -> send(client(simulator), simulator, AzureOpenAISimulator.DEFAULT_API_KEY))
            .isInstanceOf(ConnectException.class);
        assertThat(simulator.endpoint()).isEqualTo(endpoint);

        simulator.bringBack();
        assertThat(simulator.endpoint()).isEqualTo(endpoint);
        assertThat(send(client, simulator, AzureOpenAISimulator.DEFAULT_API_KEY).statusCode())
            .as("quota windows are kept over an outage").isEqualTo(429);
        assertThat(azureCoreStatus(simulator)).as("azure-core's pool drops the connection the outage closed")
            .isEqualTo(429);
        assertThat(simulator.journal().entries()).extracting(JournalEntry::status)
            .containsExactly(200, 429, 429, 429);
    }

    @Test
    void anOutageCanBeReplacedAndResetBringsTheSimulatorBack() throws Exception {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        simulator.takeDown(Outage.REFUSE_CONNECTIONS);
        simulator.takeDown(Outage.SERVICE_UNAVAILABLE);
        assertThat(send(client(simulator), simulator, AzureOpenAISimulator.DEFAULT_API_KEY).statusCode())
            .as("listening again, answering 503").isEqualTo(503);

        simulator.takeDown(Outage.REFUSE_CONNECTIONS);
        simulator.reset();
        assertThat(simulator.outage()).isEmpty();
        assertThat(send(client(simulator), simulator, AzureOpenAISimulator.DEFAULT_API_KEY).statusCode())
            .isEqualTo(200);
        simulator.bringBack(); // up already: nothing to do
        assertThat(send(client(simulator), simulator, AzureOpenAISimulator.DEFAULT_API_KEY).statusCode())
            .isEqualTo(429);
    }

    @Test
    void severalSimulatorsAreSeveralBackendsWithTheirOwnPortsKeysAndOutages() throws Exception {
        try (AzureOpenAISimulator first = AzureOpenAISimulator.builder().apiKeys("first-key").start();
             AzureOpenAISimulator second = AzureOpenAISimulator.builder().apiKeys("second-key").start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(send(client(first), first, "first-key").statusCode()).isEqualTo(200);
            assertThat(send(client(second), second, "first-key").statusCode()).isEqualTo(401);

            first.takeDown(Outage.REFUSE_CONNECTIONS);
            assertThatThrownBy(() -> send(client(first), first, "first-key")).isInstanceOf(ConnectException.class);
            assertThat(send(client(second), second, "second-key").statusCode()).isEqualTo(200);
            first.close();
            assertThatThrownBy(first::bringBack).isInstanceOf(IllegalStateException.class)
                .hasMessage("the simulator is closed");
            assertThatThrownBy(() -> first.takeDown(Outage.SERVICE_UNAVAILABLE))
                .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aBringBackThatCannotBindThePortFailsAndLeavesTheOutageOnUntilItCan() throws Exception {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        simulator.takeDown(Outage.REFUSE_CONNECTIONS);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), simulator.port()));
            assertThatThrownBy(simulator::bringBack).isInstanceOf(RuntimeException.class);
            assertThat(simulator.outage()).contains(Outage.REFUSE_CONNECTIONS);
        }
        simulator.bringBack();
        assertThat(simulator.outage()).isEmpty();
        assertThat(send(client(simulator), simulator, AzureOpenAISimulator.DEFAULT_API_KEY).statusCode())
            .isEqualTo(200);
    }

    @Test
    void outagesAreValidated() {
        assertThatThrownBy(() -> Outage.serviceUnavailable(Duration.ofMillis(-1)))
            .hasMessage("retryAfter must not be negative, was PT-0.001S");
        assertThat(Outage.REFUSE_CONNECTIONS.kind()).isEqualTo(Outage.Kind.REFUSE_CONNECTIONS);
        assertThat(Outage.REFUSE_CONNECTIONS.retryAfter()).isEmpty();
        assertThat(Outage.serviceUnavailable(Duration.ofSeconds(1))).hasToString(
            "Outage[SERVICE_UNAVAILABLE, retry after PT1S]");
        assertThatThrownBy(() -> SIMULATOR.simulator().takeDown(null)).isInstanceOf(NullPointerException.class);
    }

    private static int azureCoreStatus(AzureOpenAISimulator simulator) {
        try (com.azure.core.http.HttpResponse response = SimulatorClients.sendRaw(simulator,
            SimulatorClients.withHeaderLines(SimulatorClients.rawEmbeddings(simulator, DEPLOYMENT, "hello"),
                SimulatorClients.API_KEY, AzureOpenAISimulator.DEFAULT_API_KEY))) {
            return response.getStatusCode();
        }
    }

    /** A fresh client: no pooled connection hides what a new connection meets. */
    private static HttpClient client(AzureOpenAISimulator simulator) {
        return HttpClient.newBuilder().sslContext(simulator.sslContext()).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> send(HttpClient client, AzureOpenAISimulator simulator, String key)
        throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.endpoint() + "/openai/deployments/"
                + DEPLOYMENT + "/embeddings?api-version=" + SimulatorClients.API_VERSION))
            .header("Content-Type", "application/json")
            .header("api-key", key)
            .POST(HttpRequest.BodyPublishers.ofString("{\"input\":[\"hello\"]}"))
            .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
