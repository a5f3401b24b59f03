package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
import static io.github.openaipolicies.testkit.SimulatorClients.azure;
import static io.github.openaipolicies.testkit.SimulatorClients.embeddingsOf;
import static io.github.openaipolicies.testkit.SimulatorClients.rawEmbeddings;
import static io.github.openaipolicies.testkit.SimulatorClients.sendRaw;
import static io.github.openaipolicies.testkit.SimulatorClients.withHeaderLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.ai.openai.OpenAIClient;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One credential value, valid, or 401: missing, wrong, and every duplicate form (two header lines, or two values
 * joined by a comma in one line) are refused, and the journal counts the values it saw.
 */
class AuthenticationTest {

    private static final String KEY = AzureOpenAISimulator.DEFAULT_API_KEY;
    private static final String BEARER = "Bearer " + AzureOpenAISimulator.DEFAULT_BEARER_TOKEN;
    private static final String DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    @Test
    void oneValidApiKeyIsAccepted() {
        assertStatus(withHeaderLines(request(), API_KEY, KEY), 200);
        assertThat(onlyEntry().apiKeyValueCount()).isEqualTo(1);
    }

    @Test
    void oneValidBearerTokenIsAccepted() {
        assertStatus(withHeaderLines(request(), HttpHeaderName.AUTHORIZATION, BEARER), 200);
        assertThat(onlyEntry().authorizationValueCount()).isEqualTo(1);
    }

    @Test
    void aMissingCredentialIsRefused() {
        assertStatus(request(), 401);
        assertThat(onlyEntry().apiKeyValueCount()).isZero();
        assertThat(onlyEntry().authorizationValueCount()).isZero();
    }

    @Test
    void aWrongApiKeyIsRefused() {
        assertStatus(withHeaderLines(request(), API_KEY, "wrong-key"), 401);
    }

    @Test
    void aWrongBearerTokenIsRefused() {
        assertStatus(withHeaderLines(request(), HttpHeaderName.AUTHORIZATION, "Bearer wrong-token"), 401);
    }

    @Test
    void theSdkSeesAWrongKeyAsAClientAuthenticationException() {
        OpenAIClient client = azure(SIMULATOR.simulator(), HttpClientKind.NETTY, "wrong-key").buildClient();

        assertThatThrownBy(() -> client.getEmbeddings(DEPLOYMENT, embeddingsOf("hello")))
            .isInstanceOf(ClientAuthenticationException.class)
            .satisfies(e -> assertThat(((ClientAuthenticationException) e).getResponse().getStatusCode())
                .isEqualTo(401));
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void twoApiKeyLinesAreRefusedEvenWhenBothAreValid(HttpClientKind kind) {
        assertStatus(kind, withHeaderLines(request(), API_KEY, KEY, KEY), 401);
        assertThat(onlyEntry().apiKeyValueCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void twoApiKeysJoinedByACommaAreRefused(HttpClientKind kind) {
        assertStatus(kind, withHeaderLines(request(), API_KEY, KEY + ", " + KEY), 401);
        assertThat(onlyEntry().apiKeyValueCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void twoAuthorizationLinesAreRefusedEvenWhenBothAreValid(HttpClientKind kind) {
        assertStatus(kind, withHeaderLines(request(), HttpHeaderName.AUTHORIZATION, BEARER, BEARER), 401);
        assertThat(onlyEntry().authorizationValueCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void twoBearerTokensJoinedByACommaAreRefused(HttpClientKind kind) {
        assertStatus(kind, withHeaderLines(request(), HttpHeaderName.AUTHORIZATION, BEARER + ", " + BEARER), 401);
        assertThat(onlyEntry().authorizationValueCount()).isEqualTo(2);
    }

    private static HttpRequest request() {
        return rawEmbeddings(SIMULATOR.simulator(), DEPLOYMENT, "hello");
    }

    private static void assertStatus(HttpRequest request, int status) {
        assertStatus(HttpClientKind.NETTY, request, status);
    }

    private static void assertStatus(HttpClientKind kind, HttpRequest request, int status) {
        try (HttpResponse response = sendRaw(SIMULATOR.simulator(), kind, request)) {
            assertThat(response.getStatusCode()).isEqualTo(status);
        }
        assertThat(onlyEntry().status()).isEqualTo(status);
    }

    private static JournalEntry onlyEntry() {
        assertThat(SIMULATOR.simulator().journal().size()).isEqualTo(1);
        return SIMULATOR.simulator().journal().entries().get(0);
    }
}
