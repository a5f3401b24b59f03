package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
import static io.github.openaipolicies.testkit.SimulatorClients.APIM_REQUEST_ID;
import static io.github.openaipolicies.testkit.SimulatorClients.REMAINING_REQUESTS;
import static io.github.openaipolicies.testkit.SimulatorClients.REMAINING_TOKENS;
import static io.github.openaipolicies.testkit.SimulatorClients.RETRY_AFTER_MS;
import static io.github.openaipolicies.testkit.SimulatorClients.X_MS_REGION;
import static io.github.openaipolicies.testkit.SimulatorClients.rawEmbeddings;
import static io.github.openaipolicies.testkit.SimulatorClients.sendRaw;
import static io.github.openaipolicies.testkit.SimulatorClients.withHeaderLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The headers Azure OpenAI sends, on a 200, a 401, a 404 and a 429. */
class ResponseHeadersTest {

    private static final String REGION = "westeurope";
    private static final String DEPLOYMENT = "limited";
    private static final int REQUESTS = 3;
    private static final int TOKENS = 10_000;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().region(REGION).window(Duration.ofSeconds(1))
            .deployment(DEPLOYMENT, REQUESTS, TOKENS).clock(TestClock.atSomeWholeSecond()));

    @Test
    void a200CarriesRequestIdRegionAndTheRemainingCounters() {
        HttpHeaders first = send(withKey(DEPLOYMENT), 200);
        HttpHeaders second = send(withKey(DEPLOYMENT), 200);

        assertAzureIdentity(first);
        assertAzureIdentity(second);
        assertThat(first.getValue(REMAINING_REQUESTS)).isEqualTo(String.valueOf(REQUESTS - 1));
        assertThat(second.getValue(REMAINING_REQUESTS)).isEqualTo(String.valueOf(REQUESTS - 2));
        int tokensAfterFirst = Integer.parseInt(first.getValue(REMAINING_TOKENS));
        assertThat(tokensAfterFirst).isBetween(0, TOKENS - 1);
        assertThat(Integer.parseInt(second.getValue(REMAINING_TOKENS))).isLessThan(tokensAfterFirst);
        assertThat(first.getValue(HttpHeaderName.RETRY_AFTER)).isNull();
    }

    @Test
    void a401CarriesRequestIdAndRegion() {
        HttpHeaders headers = send(rawEmbeddings(SIMULATOR.simulator(), DEPLOYMENT, "hello"), 401);

        assertAzureIdentity(headers);
        assertThat(headers.getValue(HttpHeaderName.RETRY_AFTER)).isNull();
    }

    @Test
    void a404CarriesRequestIdAndRegion() {
        HttpHeaders headers = send(withKey("no-such-deployment"), 404);

        assertAzureIdentity(headers);
        assertThat(headers.getValue(HttpHeaderName.RETRY_AFTER)).isNull();
    }

    @Test
    void a429CarriesRequestIdRegionRetryAfterAndTheRemainingCounters() {
        for (int i = 0; i < REQUESTS; i++) {
            send(withKey(DEPLOYMENT), 200);
        }

        HttpHeaders headers = send(withKey(DEPLOYMENT), 429);

        assertAzureIdentity(headers);
        assertThat(headers.getValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("1");
        assertThat(Long.parseLong(headers.getValue(RETRY_AFTER_MS))).isBetween(1L, 1000L);
        assertThat(headers.getValue(REMAINING_REQUESTS)).isEqualTo("0");
        assertThat(Integer.parseInt(headers.getValue(REMAINING_TOKENS))).isBetween(0, TOKENS - 1);
    }

    @Test
    void everyResponseHasItsOwnRequestId() {
        Set<String> ids = new HashSet<>();
        ids.add(send(withKey(DEPLOYMENT), 200).getValue(APIM_REQUEST_ID));
        ids.add(send(withKey(DEPLOYMENT), 200).getValue(APIM_REQUEST_ID));
        ids.add(send(rawEmbeddings(SIMULATOR.simulator(), DEPLOYMENT, "hello"), 401).getValue(APIM_REQUEST_ID));

        assertThat(ids).hasSize(3).doesNotContainNull();
    }

    private static void assertAzureIdentity(HttpHeaders headers) {
        assertThat(headers.getValue(APIM_REQUEST_ID)).isNotBlank();
        assertThat(headers.getValue(X_MS_REGION)).isEqualTo(REGION);
    }

    private static HttpRequest withKey(String deployment) {
        return withHeaderLines(rawEmbeddings(SIMULATOR.simulator(), deployment, "hello"), API_KEY,
            AzureOpenAISimulator.DEFAULT_API_KEY);
    }

    private static HttpHeaders send(HttpRequest request, int expectedStatus) {
        try (HttpResponse response = sendRaw(SIMULATOR.simulator(), request)) {
            assertThat(response.getStatusCode()).isEqualTo(expectedStatus);
            return response.getHeaders();
        }
    }
}
