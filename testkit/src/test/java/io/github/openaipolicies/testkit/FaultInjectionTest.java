package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
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
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind of injected fault, as a real client sees it, and how many requests it applies to. */
class FaultInjectionTest {

    private static final String DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;
    private static final String OTHER = "other-deployment";
    /** The azure-core context key (HttpUtils.AZURE_RESPONSE_TIMEOUT) that every transport reads per call. */
    private static final String RESPONSE_TIMEOUT_KEY = "azure-response-timeout";
    private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(1500);

    private static final TestClock CLOCK = TestClock.atSomeWholeSecond();

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(DEPLOYMENT, 0, 0).deployment(OTHER, 0, 0).clock(CLOCK));

    @Test
    void aStatusFaultAnswersWithItsStatusHeadersAndBody() {
        String body = "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}}";
        SIMULATOR.simulator().injectFault(Fault.status(503).withHeader("x-fault", "yes").withBody(body), 1);

        try (HttpResponse response = send(DEPLOYMENT)) {
            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeaderValue(HttpHeaderName.fromString("x-fault"))).isEqualTo("yes");
            assertThat(response.getBodyAsString().block()).isEqualTo(body);
        }
        assertThat(statuses()).containsExactly(503);
    }

    @Test
    void theSdkSeesAStatusFaultAsAnHttpResponseException() {
        SIMULATOR.simulator().injectFault(Fault.status(500), 1);
        OpenAIClient client = azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildClient();

        assertThatThrownBy(() -> client.getEmbeddings(DEPLOYMENT, embeddingsOf("hello")))
            .isInstanceOf(HttpResponseException.class)
            .satisfies(e -> assertThat(((HttpResponseException) e).getResponse().getStatusCode()).isEqualTo(500));
    }

    @Test
    void aFaultPlaysForExactlyTheGivenNumberOfRequests() {
        SIMULATOR.simulator().injectFault(Fault.status(500), 2);

        for (int i = 0; i < 3; i++) {
            send(DEPLOYMENT).close();
        }

        assertThat(statuses()).containsExactly(500, 500, 200);
    }

    @Test
    void aFaultForOneDeploymentLeavesTheOthersAlone() {
        SIMULATOR.simulator().injectFault(OTHER, Fault.status(500), 1);

        send(DEPLOYMENT).close();
        send(OTHER).close();
        send(OTHER).close();

        assertThat(statuses()).containsExactly(200, 500, 200);
    }

    @Test
    void aFaultNeverHidesA401OrA404AndWaitsForTheNextValidRequest() {
        SIMULATOR.simulator().injectFault(Fault.status(503), 1);

        sendRaw(SIMULATOR.simulator(), rawEmbeddings(SIMULATOR.simulator(), DEPLOYMENT, "no key")).close();
        send("no-such-deployment").close();
        send(DEPLOYMENT).close();

        assertThat(statuses()).containsExactly(401, 404, 503);
    }

    @Test
    void aTooManyRequestsFaultCanAnnounceADayAsAzureHasDone() {
        SIMULATOR.simulator().injectFault(Fault.tooManyRequests(Duration.ofSeconds(86400)), 1);

        try (HttpResponse response = send(DEPLOYMENT)) {
            assertThat(response.getStatusCode()).isEqualTo(429);
            assertThat(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("86400");
            assertThat(response.getHeaderValue(RETRY_AFTER_MS)).isEqualTo("86400000");
            assertThat(response.getBodyAsString().block()).contains("Please retry after 86400 seconds");
        }
    }

    @Test
    void anInsufficientQuotaFaultIsA429WithoutRetryAfter() {
        SIMULATOR.simulator().injectFault(Fault.insufficientQuota(), 1);

        try (HttpResponse response = send(DEPLOYMENT)) {
            assertThat(response.getStatusCode()).isEqualTo(429);
            assertThat(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isNull();
            assertThat(response.getHeaderValue(RETRY_AFTER_MS)).isNull();
            assertThat(response.getBodyAsString().block()).contains("\"code\":\"insufficient_quota\"");
        }
    }

    @Test
    void anHttpDateRetryAfterNamesTheMomentFromTheSimulatorsClock() {
        SIMULATOR.simulator().injectFault(Fault.tooManyRequestsWithHttpDate(Duration.ofSeconds(30)), 1);

        try (HttpResponse response = send(DEPLOYMENT)) {
            assertThat(response.getStatusCode()).isEqualTo(429);
            String retryAfter = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
            assertThat(ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .isEqualTo(CLOCK.instant().plusSeconds(30));
        }
    }

    @Test
    void aTruncatedBodyIsACompleteHttpMessageWithHalfTheJson() {
        String whole;
        try (HttpResponse response = send(DEPLOYMENT)) {
            whole = response.getBodyAsString().block();
        }
        SIMULATOR.simulator().injectFault(Fault.truncatedBody(), 1);

        try (HttpResponse response = send(DEPLOYMENT)) {
            String cut = response.getBodyAsString().block();
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getHeaderValue(HttpHeaderName.CONTENT_LENGTH))
                .isEqualTo(Integer.toString(cut.length()));
            assertThat(cut).hasSize(whole.length() / 2);
            assertThat(whole).startsWith(cut);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void theClientFailsReadingATruncatedBodyWhileTheTransportSawA200(HttpClientKind kind) {
        SIMULATOR.simulator().injectFault(Fault.truncatedBody(), 1);
        OpenAIClient client = azure(SIMULATOR.simulator(), kind).buildClient();

        assertThatThrownBy(() -> client.getEmbeddings(DEPLOYMENT, embeddingsOf("hello")))
            .isNotInstanceOf(HttpResponseException.class);
        assertThat(statuses()).containsExactly(200);
    }

    @Test
    void theJournalRecordsTheFaultEachRequestGot() {
        Fault throttle = Fault.tooManyRequests(Duration.ofMillis(10));
        SIMULATOR.simulator().injectFault(throttle, 1);
        SIMULATOR.simulator().injectFault(Fault.breakOff(), 1);

        send(DEPLOYMENT).close();
        send(DEPLOYMENT).close();
        send(DEPLOYMENT).close();

        List<JournalEntry> entries = SIMULATOR.simulator().journal().entries();
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).fault()).isSameAs(throttle);
        assertThat(entries.get(1).fault().kind()).isEqualTo(Fault.Kind.BREAK_OFF);
        assertThat(entries.get(2).fault()).isNull();
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void aConnectionResetIsAnIOExceptionForTheClientAndStatus0InTheJournal(HttpClientKind kind) {
        SIMULATOR.simulator().injectFault(Fault.connectionReset(), 1);
        OpenAIClient client = azure(SIMULATOR.simulator(), kind).buildClient();

        assertThatThrownBy(() -> client.getEmbeddings(DEPLOYMENT, embeddingsOf("hello")))
            .satisfies(thrown -> assertThat(causes(thrown)).hasAtLeastOneElementOfType(IOException.class))
            .isNotInstanceOf(HttpResponseException.class);
        assertThat(statuses()).containsExactly(0);
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void aDelayLongerThanTheClientTimeoutTimesTheClientOut(HttpClientKind kind) {
        OpenAIClient client = azure(SIMULATOR.simulator(), kind).buildClient();
        RequestOptions withTimeout = new RequestOptions().setContext(new Context(RESPONSE_TIMEOUT_KEY, CLIENT_TIMEOUT));
        BinaryData body = BinaryData.fromObject(embeddingsOf("hello"));
        assertThat(client.getEmbeddingsWithResponse(DEPLOYMENT, body, withTimeout).getStatusCode())
            .as("without the fault the same timeout is plenty").isEqualTo(200);

        SIMULATOR.simulator().injectFault(Fault.delay(CLIENT_TIMEOUT.multipliedBy(3)), 1);

        assertThatThrownBy(() -> client.getEmbeddingsWithResponse(DEPLOYMENT, body, withTimeout))
            .satisfies(thrown -> assertThat(causes(thrown)).anyMatch(FaultInjectionTest::isTimeout));
    }

    private static boolean isTimeout(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof InterruptedIOException
            || cause instanceof HttpTimeoutException;
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = thrown; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
            for (Throwable suppressed : cause.getSuppressed()) {
                chain.add(suppressed);
            }
        }
        return chain;
    }

    private static HttpResponse send(String deployment) {
        return sendRaw(SIMULATOR.simulator(), withHeaderLines(rawEmbeddings(SIMULATOR.simulator(), deployment, "hello"),
            API_KEY, AzureOpenAISimulator.DEFAULT_API_KEY));
    }

    private static List<Integer> statuses() {
        return SIMULATOR.simulator().journal().entries().stream().map(JournalEntry::status).toList();
    }
}
