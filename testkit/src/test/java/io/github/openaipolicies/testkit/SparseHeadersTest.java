package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
import static io.github.openaipolicies.testkit.SimulatorClients.rawEmbeddings;
import static io.github.openaipolicies.testkit.SimulatorClients.sendRaw;
import static io.github.openaipolicies.testkit.SimulatorClients.withHeaderLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code remainingHeaders(false)} with whole-second {@code retry-after} only: a server that sends no rate-limit counter
 * on any answer and nothing but {@code retry-after} on its 429s.
 */
class SparseHeadersTest {
    private static final String DEPLOYMENT = "sparse";
    private static final int REQUESTS = 2;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().window(Duration.ofSeconds(2)).deployment(DEPLOYMENT, REQUESTS, 10_000)
            .throttleHeaders(ThrottleHeaders.RETRY_AFTER_SECONDS_ONLY).remainingHeaders(false)
            .clock(TestClock.atSomeWholeSecond()));

    @Test
    void neitherSuccessesNorRefusalsCarryACounterAndA429CarriesOnlyWholeSeconds() {
        for (int i = 0; i < REQUESTS; i++) {
            assertThat(rateLimitHeaders(send(200))).as("a success carries no counter").isZero();
        }

        HttpHeaders refused = send(429);

        assertThat(rateLimitHeaders(refused)).as("a 429 carries no counter").isZero();
        assertThat(refused.getValue(HttpHeaderName.fromString("retry-after-ms"))).isNull();
        assertThat(refused.getValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("2");
    }

    private static long rateLimitHeaders(HttpHeaders headers) {
        return StreamSupport.stream(headers.spliterator(), false).map(HttpHeader::getName)
            .filter(name -> name.toLowerCase(Locale.ROOT).startsWith("x-ratelimit-")).count();
    }

    private static HttpHeaders send(int expectedStatus) {
        HttpRequest request = withHeaderLines(rawEmbeddings(SIMULATOR.simulator(), DEPLOYMENT, "hello"), API_KEY,
            AzureOpenAISimulator.DEFAULT_API_KEY);
        try (HttpResponse response = sendRaw(SIMULATOR.simulator(), request)) {
            assertThat(response.getStatusCode()).isEqualTo(expectedStatus);
            return response.getHeaders();
        }
    }
}
