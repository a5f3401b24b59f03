package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.API_KEY;
import static io.github.openaipolicies.testkit.SimulatorClients.rawEmbeddings;
import static io.github.openaipolicies.testkit.SimulatorClients.sendRaw;
import static io.github.openaipolicies.testkit.SimulatorClients.withHeaderLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several backends on one simulator: each deployment accepts its own key or token (and no other, the simulator's
 * included), and keeps its own quota; a deployment without its own credentials accepts the simulator's.
 */
class DeploymentCredentialsTest {

    private static final String PTU = "ptu";
    private static final String STANDARD = "standard";
    private static final String SHARED = "shared";
    private static final String PTU_KEY = "ptu-key-0a1b2c3d";
    private static final String STANDARD_TOKEN = "standard-token-4e5f6a7b";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder()
            .deployment(Deployment.of(PTU).withApiKeys(PTU_KEY)
                .withQuota(Quota.slidingWindow(1, 0, Duration.ofSeconds(10))))
            .deployment(Deployment.of(STANDARD).withBearerTokens(STANDARD_TOKEN)
                .withQuota(Quota.slidingWindow(2, 0, Duration.ofSeconds(10))))
            .deployment(Deployment.of(SHARED)));

    @Test
    void aDeploymentAcceptsItsOwnKeyAndRefusesAnotherBackendsKeyAndTheSimulatorsKey() {
        assertThat(statusWithKey(PTU, PTU_KEY)).isEqualTo(200);
        assertThat(statusWithKey(STANDARD, PTU_KEY)).as("another backend's key").isEqualTo(401);
        assertThat(statusWithKey(SHARED, PTU_KEY)).as("a deployment without own keys").isEqualTo(401);
        assertThat(statusWithKey(PTU, AzureOpenAISimulator.DEFAULT_API_KEY)).as("the simulator's key").isEqualTo(401);
    }

    @Test
    void aDeploymentAcceptsItsOwnTokenAndRefusesTheSimulatorsToken() {
        assertThat(statusWithToken(STANDARD, STANDARD_TOKEN)).isEqualTo(200);
        assertThat(statusWithToken(STANDARD, AzureOpenAISimulator.DEFAULT_BEARER_TOKEN)).isEqualTo(401);
        assertThat(statusWithToken(PTU, STANDARD_TOKEN)).as("another backend's token").isEqualTo(401);
    }

    @Test
    void aDeploymentWithoutOwnCredentialsAcceptsTheSimulatorsAndOwnKeysDoNotReplaceTheSimulatorsTokens() {
        assertThat(statusWithKey(SHARED, AzureOpenAISimulator.DEFAULT_API_KEY)).isEqualTo(200);
        assertThat(statusWithToken(PTU, AzureOpenAISimulator.DEFAULT_BEARER_TOKEN)).isEqualTo(200);
        assertThat(statusWithKey(STANDARD, AzureOpenAISimulator.DEFAULT_API_KEY)).isEqualTo(200);
    }

    @Test
    void eachDeploymentHasItsOwnQuota() {
        assertThat(statusWithKey(PTU, PTU_KEY)).isEqualTo(200);
        assertThat(statusWithKey(PTU, PTU_KEY)).isEqualTo(429);
        assertThat(statusWithToken(STANDARD, STANDARD_TOKEN)).isEqualTo(200);
        assertThat(statusWithToken(STANDARD, STANDARD_TOKEN)).isEqualTo(200);
        assertThat(statusWithToken(STANDARD, STANDARD_TOKEN)).isEqualTo(429);
    }

    @Test
    void credentialsAreValidated() {
        Deployment deployment = Deployment.of("d");
        assertThatThrownBy(deployment::withApiKeys).hasMessage("keys must name at least one value");
        assertThatThrownBy(() -> deployment.withBearerTokens("a,b"))
            .hasMessage("tokens must not contain a blank value or a comma");
        assertThatThrownBy(() -> deployment.withApiKeys(" "))
            .hasMessage("keys must not contain a blank value or a comma");
        assertThat(deployment.withApiKeys("k").withQuota(Quota.unlimited()).apiKeys()).containsExactly("k");
        assertThat(deployment.withBearerTokens("t").bearerTokens()).containsExactly("t");
        assertThat(deployment.apiKeys()).isEmpty();
        assertThat(deployment.withApiKeys("secret-key").toString()).doesNotContain("secret-key");
    }

    private static int statusWithKey(String deployment, String key) {
        return status(withHeaderLines(rawEmbeddings(SIMULATOR.simulator(), deployment, "hello"), API_KEY, key));
    }

    private static int statusWithToken(String deployment, String token) {
        return status(withHeaderLines(rawEmbeddings(SIMULATOR.simulator(), deployment, "hello"),
            HttpHeaderName.AUTHORIZATION, "Bearer " + token));
    }

    private static int status(HttpRequest request) {
        try (HttpResponse response = sendRaw(SIMULATOR.simulator(), request)) {
            return response.getStatusCode();
        }
    }
}
