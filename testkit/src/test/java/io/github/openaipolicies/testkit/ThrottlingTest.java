package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
import static io.github.openaipolicies.testkit.SimulatorClients.REMAINING_REQUESTS;
import static io.github.openaipolicies.testkit.SimulatorClients.REMAINING_TOKENS;
import static io.github.openaipolicies.testkit.SimulatorClients.RETRY_AFTER_MS;
import static io.github.openaipolicies.testkit.SimulatorClients.azure;
import static io.github.openaipolicies.testkit.SimulatorClients.embeddingsOf;
import static io.github.openaipolicies.testkit.SimulatorClients.rawEmbeddings;
import static io.github.openaipolicies.testkit.SimulatorClients.sendRaw;
import static io.github.openaipolicies.testkit.SimulatorClients.withHeaderLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.ai.openai.OpenAIClient;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests and estimated tokens are counted per deployment and window; over a limit the answer is Azure's 429. The
 * simulator's clock is a {@link TestClock}, so windows roll over when the test says so.
 */
class ThrottlingTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final String RPM_LIMITED = "rpm-limited";
    private static final String TPM_LIMITED = "tpm-limited";
    private static final String BOTH_LIMITED = "both-limited";
    private static final String UNLIMITED = "unlimited";
    private static final int REQUESTS = 2;
    private static final int TOKENS = 1_000;
    /** About 25 tokens: some 40 requests fill the token quota. */
    private static final String INPUT = "some words to embed ".repeat(5);

    private static final TestClock CLOCK = TestClock.atSomeWholeSecond();

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .window(WINDOW)
            .deployment(RPM_LIMITED, REQUESTS, 0)
            .deployment(TPM_LIMITED, 0, TOKENS)
            .deployment(BOTH_LIMITED, REQUESTS, TOKENS)
            .deployment(UNLIMITED, 0, 0)
            .clock(CLOCK));

    @Test
    void theRequestAfterTheRequestLimitGetsA429() {
        OpenAIClient client = azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildClient();
        client.getEmbeddings(RPM_LIMITED, embeddingsOf("one"));
        client.getEmbeddings(RPM_LIMITED, embeddingsOf("two"));

        assertThatThrownBy(() -> client.getEmbeddings(RPM_LIMITED, embeddingsOf("three")))
            .isInstanceOf(HttpResponseException.class)
            .satisfies(e -> assertThat(((HttpResponseException) e).getResponse().getStatusCode()).isEqualTo(429));
        assertThat(statuses(RPM_LIMITED)).containsExactly(200, 200, 429);
    }

    @Test
    void a429CarriesRetryAfterInSecondsAndMillisAndAzuresBody() {
        send(RPM_LIMITED, "one").close();
        send(RPM_LIMITED, "two").close();

        try (HttpResponse response = send(RPM_LIMITED, "three")) {
            assertThat(response.getStatusCode()).isEqualTo(429);
            long retryAfter = Long.parseLong(response.getHeaderValue(HttpHeaderName.RETRY_AFTER));
            long retryAfterMs = Long.parseLong(response.getHeaderValue(RETRY_AFTER_MS));
            assertThat(retryAfter).isBetween(1L, WINDOW.toSeconds());
            assertThat(retryAfterMs).isBetween(1L, WINDOW.toMillis());
            assertThat(retryAfter).as("retry-after is retry-after-ms rounded up to seconds")
                .isEqualTo((retryAfterMs + 999) / 1000);
            assertThat(response.getHeaderValue(REMAINING_REQUESTS)).isEqualTo("0");
            assertThat(response.getBodyAsString().block())
                .contains("\"code\":\"429\"")
                .contains("Please retry after " + retryAfter + " second");
        }
    }

    @Test
    void theWindowRollsOverWithTheClock() {
        send(RPM_LIMITED, "one").close();
        send(RPM_LIMITED, "two").close();
        send(RPM_LIMITED, "three").close();

        CLOCK.advance(WINDOW);

        try (HttpResponse response = send(RPM_LIMITED, "four")) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getHeaderValue(REMAINING_REQUESTS)).isEqualTo(String.valueOf(REQUESTS - 1));
        }
        assertThat(statuses(RPM_LIMITED)).containsExactly(200, 200, 429, 200);
    }

    @Test
    void theRequestThatWouldExceedTheTokenLimitGetsA429() {
        int cost = tokenCostOf(TPM_LIMITED, INPUT);
        int fitting = TOKENS / cost;
        for (int i = 1; i < fitting; i++) {
            try (HttpResponse response = send(TPM_LIMITED, INPUT)) {
                assertThat(response.getStatusCode()).as("request %d of %d fitting", i + 1, fitting).isEqualTo(200);
            }
        }

        try (HttpResponse response = send(TPM_LIMITED, INPUT)) {
            assertThat(response.getStatusCode()).isEqualTo(429);
            assertThat(Long.parseLong(response.getHeaderValue(HttpHeaderName.RETRY_AFTER))).isPositive();
            assertThat(Integer.parseInt(response.getHeaderValue(REMAINING_TOKENS))).isLessThan(cost);
        }
    }

    @Test
    void a429ConsumesNeitherRequestsNorTokens() {
        int smallCost = tokenCostOf(BOTH_LIMITED, "small");
        String tooBig = "big ".repeat(2 * TOKENS);

        try (HttpResponse response = send(BOTH_LIMITED, tooBig)) {
            assertThat(response.getStatusCode()).as("over the token limit").isEqualTo(429);
        }
        try (HttpResponse response = send(BOTH_LIMITED, "small")) {
            assertThat(response.getStatusCode()).as("the 429 took no request and no tokens").isEqualTo(200);
            assertThat(response.getHeaderValue(REMAINING_REQUESTS)).isEqualTo("0");
            assertThat(response.getHeaderValue(REMAINING_TOKENS)).isEqualTo(String.valueOf(TOKENS - 2 * smallCost));
        }
        try (HttpResponse response = send(BOTH_LIMITED, "small")) {
            assertThat(response.getStatusCode()).as("over the request limit").isEqualTo(429);
        }
        assertThat(statuses(BOTH_LIMITED)).containsExactly(200, 429, 200, 429);
    }

    @Test
    void limitsArePerDeployment() {
        send(RPM_LIMITED, "one").close();
        send(RPM_LIMITED, "two").close();

        try (HttpResponse response = send(UNLIMITED, "unlimited")) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
        try (HttpResponse response = send(TPM_LIMITED, "other deployment")) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
    }

    /** Sends one request and reads its cost from the remaining-tokens header of a fresh window. */
    private static int tokenCostOf(String deployment, String input) {
        try (HttpResponse response = send(deployment, input)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            int cost = TOKENS - Integer.parseInt(response.getHeaderValue(REMAINING_TOKENS));
            assertThat(cost).isBetween(1, TOKENS / 4);
            return cost;
        }
    }

    private static HttpResponse send(String deployment, String input) {
        return sendRaw(SIMULATOR.simulator(), withHeaderLines(rawEmbeddings(SIMULATOR.simulator(), deployment, input),
            API_KEY, AzureOpenAISimulator.DEFAULT_API_KEY));
    }

    private static List<Integer> statuses(String deployment) {
        return SIMULATOR.simulator().journal().entries(deployment).stream().map(JournalEntry::status).toList();
    }
}
