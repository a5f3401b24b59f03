package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
import static io.github.openaipolicies.testkit.SimulatorClients.RETRY_AFTER_MS;
import static io.github.openaipolicies.testkit.SimulatorClients.rawEmbeddings;
import static io.github.openaipolicies.testkit.SimulatorClients.sendRaw;
import static io.github.openaipolicies.testkit.SimulatorClients.withHeaderLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provisioned (PTU) deployment: utilisation in {@code azure-openai-deployment-utilization} on every answer, a 429
 * with {@code retry-after-ms} as soon as its capacity in the window is used, and no {@code x-ratelimit-*} header.
 * The simulator's clock is a {@link TestClock}, so the window rolls over when the test says so.
 */
class ProvisionedDeploymentTest {

    private static final HttpHeaderName UTILIZATION = HttpHeaderName.fromString("azure-openai-deployment-utilization");
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final String PTU = "ptu";
    private static final String PTU_TOKENS = "ptu-tokens";
    private static final String STANDARD = "standard";
    /** 40 characters: 10 estimated tokens. */
    private static final String TEN_TOKENS = "x".repeat(40);

    private static final TestClock CLOCK = TestClock.atSomeWholeSecond();

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(Deployment.of(PTU).withQuota(Quota.provisioned(4, 0, WINDOW)))
            .deployment(Deployment.of(PTU_TOKENS).withQuota(Quota.provisioned(0, 40, WINDOW)))
            .deployment(Deployment.of(STANDARD).withQuota(Quota.slidingWindow(4, 0, WINDOW)))
            .throttleHeaders(ThrottleHeaders.RETRY_AFTER_SECONDS_ONLY)
            .limitHeaders(true)
            .clock(CLOCK));

    @Test
    void everyAnswerSaysTheUtilisationAfterItAndTheFifthRequestOfTheWindowIsA429() {
        List<String> utilisations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (HttpResponse response = send(PTU, "input")) {
                assertThat(response.getStatusCode()).isEqualTo(200);
                utilisations.add(response.getHeaderValue(UTILIZATION));
            }
        }
        assertThat(utilisations).containsExactly("25.0%", "50.0%", "75.0%", "100.0%");

        CLOCK.advance(Duration.ofSeconds(3));
        try (HttpResponse response = send(PTU, "input")) {
            assertThat(response.getStatusCode()).isEqualTo(429);
            assertThat(response.getHeaderValue(UTILIZATION)).isEqualTo("100.0%");
            assertThat(response.getHeaderValue(RETRY_AFTER_MS)).as("the first charge leaves the window in 7 s")
                .isEqualTo("7000");
            assertThat(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("7");
            assertThat(response.getBodyAsString().block()).contains("\"code\":\"429\"")
                .contains("exceeded call rate limit of your current ProvisionedManaged pricing tier");
        }

        CLOCK.advance(Duration.ofSeconds(7));
        try (HttpResponse response = send(PTU, "input")) {
            assertThat(response.getStatusCode()).as("the window slid past the first four").isEqualTo(200);
            assertThat(response.getHeaderValue(UTILIZATION)).as("a 429 is not charged").isEqualTo("25.0%");
        }
        assertThat(SIMULATOR.simulator().journal().entries().stream().map(JournalEntry::status))
            .containsExactly(200, 200, 200, 200, 429, 200);
    }

    @Test
    void aProvisionedDeploymentSendsNoRateLimitHeadersWhereAStandardOneDoes() {
        try (HttpResponse response = send(PTU, "input")) {
            assertThat(names(response)).noneMatch(name -> name.startsWith("x-ratelimit-")).contains(
                "azure-openai-deployment-utilization", "apim-request-id", "x-ms-region");
        }
        try (HttpResponse response = send(STANDARD, "input")) {
            assertThat(names(response)).contains("x-ratelimit-remaining-requests")
                .doesNotContain("azure-openai-deployment-utilization");
        }
    }

    @Test
    void aTokenCapacityIsReportedAsTokenUtilisationAndItsRefusalCarriesBothDelayHeaders() {
        try (HttpResponse response = send(PTU_TOKENS, TEN_TOKENS + TEN_TOKENS + TEN_TOKENS)) {
            assertThat(response.getHeaderValue(UTILIZATION)).isEqualTo("75.0%");
        }
        CLOCK.advance(Duration.ofMillis(2_500));
        try (HttpResponse response = send(PTU_TOKENS, TEN_TOKENS + TEN_TOKENS)) {
            assertThat(response.getStatusCode()).isEqualTo(429);
            assertThat(response.getHeaderValue(UTILIZATION)).isEqualTo("75.0%");
            assertThat(response.getHeaderValue(RETRY_AFTER_MS)).isEqualTo("7500");
            assertThat(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("8");
            assertThat(response.getBodyAsString().block()).contains("exceeded token rate limit");
        }
    }

    @Test
    void aProvisionedCapacityIsValidated() {
        assertThatThrownBy(() -> Quota.provisioned(0, 0, WINDOW))
            .hasMessage("a provisioned capacity needs requestsPerWindow or tokensPerWindow above 0");
        assertThatThrownBy(() -> Quota.provisioned(-1, 10, WINDOW))
            .hasMessage("requestsPerWindow must be >= 0, was -1");
        assertThatThrownBy(() -> Quota.provisioned(1, 0, Duration.ZERO))
            .hasMessage("window must be positive, was PT0S");
        Quota quota = Quota.provisioned(300, 0, WINDOW);
        assertThat(quota.profile()).isEqualTo(Quota.Profile.PROVISIONED);
        assertThat(quota.requests()).isEqualTo(300);
        assertThat(quota.window()).isEqualTo(WINDOW);
        assertThat(quota).isNotEqualTo(Quota.slidingWindow(300, 0, WINDOW));
        assertThat(quota).hasToString("Quota[provisioned PT10S, 300 requests, 0 tokens]");
    }

    private static HttpResponse send(String deployment, String input) {
        return sendRaw(SIMULATOR.simulator(), withHeaderLines(rawEmbeddings(SIMULATOR.simulator(), deployment, input),
            API_KEY, AzureOpenAISimulator.DEFAULT_API_KEY));
    }

    private static List<String> names(HttpResponse response) {
        List<String> names = new ArrayList<>();
        for (HttpHeader header : response.getHeaders()) {
            names.add(header.getName().toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
