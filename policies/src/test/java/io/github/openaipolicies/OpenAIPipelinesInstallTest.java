// Licensed under the MIT License.
package io.github.openaipolicies;

import ch.qos.logback.classic.Level;
import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.implementation.OpenAIClientImpl;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.http.policy.CookiePolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.KeyCredentialPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.implementation.http.policy.InstrumentationPolicy;
import io.github.openaipolicies.PipelineTestPolicies.AddHeaderPolicy;
import io.github.openaipolicies.PipelineTestPolicies.RetryCountProbe;
import io.github.openaipolicies.RecordingHttpTrait.Call;
import ch.qos.logback.classic.Level;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.implementation.PassThroughRetryPolicy;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAIPipelinesInstallTest {
    private static final String KEY = "key-0123456789";
    private static final String ENDPOINT = "https://example.openai.azure.com";
    private static final String DEPLOYMENT = "text-embedding-3-small";
    static final String EMBEDDINGS_JSON = "{\"object\":\"list\",\"model\":\"text-embedding-3-small\","
        + "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,0.5]}],"
        + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}";

    static ScriptedHttpClient throttledThenEmbeddings(int throttledAttempts) {
        return new ScriptedHttpClient()
            .respond(429, ScriptedHttpClient.headers(PipelineTestPolicies.NO_WAIT_429)).times(throttledAttempts)
            .respond(200, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json"), EMBEDDINGS_JSON);
    }

    private static OpenAIClientBuilder azureClient(ScriptedHttpClient client) {
        return new OpenAIClientBuilder().endpoint(ENDPOINT).credential(new AzureKeyCredential(KEY))
            .httpClient(client);
    }

    /**
     * {@code install} without a throttle gate, for the tests about credentials and retries.
     * Their scripted answers would otherwise teach {@link ThrottleGate#shared()} about the host: a 429 shrinks the
     * key's slow-start window to one attempt in flight, and a delay or a counter at zero would hold the calls of later
     * tests in this JVM to the same host. These tests are about something else: their outcome must not depend on the
     * order tests run in. The default gate is tested by the tests about the gate below.
     */
    private static OpenAIClientBuilder installWithoutGate(OpenAIClientBuilder builder) {
        return OpenAIPipelines.install(builder, new OpenAIPipelineOptions().setThrottleGate(null));
    }

    private static Embeddings embed(OpenAIClientBuilder builder, boolean sync) {
        EmbeddingsOptions options = new EmbeddingsOptions(List.of("hello"));
        return sync ? builder.buildClient().getEmbeddings(DEPLOYMENT, options)
            : builder.buildAsyncClient().getEmbeddings(DEPLOYMENT, options).block();
    }

    // --- what install does to a builder, in order ----------------------------------------------------------

    @Test
    void turnsTheStockRetryOffThenAddsOurPoliciesInOrder() {
        RecordingHttpTrait builder = new RecordingHttpTrait();

        RecordingHttpTrait returned = OpenAIPipelines.install(builder);

        assertThat(returned).isSameAs(builder);
        List<Call> calls = builder.calls();
        assertThat(calls).map(Call::method)
            .containsExactly("retryOptions", "addPolicy", "addPolicy", "addPolicy", "addPolicy");
        RetryOptions retryOptions = (RetryOptions) calls.get(0).argument();
        assertThat(retryOptions.getExponentialBackoffOptions()).isNull();
        assertThat(retryOptions.getFixedDelayOptions().getMaxRetries()).isZero();
        assertThat(retryOptions.getFixedDelayOptions().getDelay()).as("Storage refuses a zero delay")
            .isPositive();
        assertThat(calls.subList(1, 5)).map(Call::argument).map(Object::getClass)
            .containsExactly(RetryAfterPolicy.class, ThrottleGatePolicy.class, RequestLoggingPolicy.class,
                DedupeAuthPolicy.class);
        assertThat(((RetryAfterPolicy) calls.get(1).argument()).getPipelinePosition())
            .isEqualTo(HttpPipelinePosition.PER_CALL);
        assertThat((ThrottleGatePolicy) calls.get(2).argument()).satisfies(gate -> {
            assertThat(gate.getPipelinePosition()).isEqualTo(HttpPipelinePosition.PER_RETRY);
            assertThat(gate.getGate()).isSameAs(ThrottleGate.shared());
        });
        assertThat(((RequestLoggingPolicy) calls.get(3).argument()).getPipelinePosition())
            .isEqualTo(HttpPipelinePosition.PER_RETRY);
        assertThat(((DedupeAuthPolicy) calls.get(4).argument()).getPipelinePosition())
            .isEqualTo(HttpPipelinePosition.PER_RETRY);
    }

    @Test
    void everyInstallOverloadWithoutAGateUsesTheSharedOne() {
        RecordingHttpTrait withRetryOptions = new RecordingHttpTrait();
        RecordingHttpTrait withBoth = new RecordingHttpTrait();
        RecordingHttpTrait withDefaults = new RecordingHttpTrait();

        OpenAIPipelines.install(withRetryOptions, new RetryAfterOptions());
        OpenAIPipelines.install(withBoth, new RetryAfterOptions(), new RequestLoggingOptions());
        OpenAIPipelines.install(withDefaults, new OpenAIPipelineOptions());

        for (RecordingHttpTrait builder : List.of(withRetryOptions, withBoth, withDefaults)) {
            assertThat(builder.calls()).map(Call::argument).filteredOn(ThrottleGatePolicy.class::isInstance)
                .singleElement()
                .satisfies(policy -> assertThat(((ThrottleGatePolicy) policy).getGate())
                    .isSameAs(ThrottleGate.shared()));
        }
    }

    @Test
    void aNullGateInTheOptionsLeavesTheGatePolicyOut() {
        RecordingHttpTrait builder = new RecordingHttpTrait();

        OpenAIPipelines.install(builder, new OpenAIPipelineOptions().setThrottleGate(null));

        assertThat(builder.calls()).map(Call::argument).filteredOn(HttpPipelinePolicy.class::isInstance)
            .<Class<?>>map(Object::getClass)
            .containsExactly(RetryAfterPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class)
            .doesNotContain(ThrottleGatePolicy.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theGateOfTheOptionsIsAskedBeforeEveryAttemptAndItsHoldsShowInTheLogLines(boolean sync) {
        RecordingThrottleGate gate = new RecordingThrottleGate(Duration.ofMillis(700), ThrottleHoldReason.SLOW_START);
        ScriptedHttpClient client = throttledThenEmbeddings(2);
        OpenAIClientBuilder builder = OpenAIPipelines.install(azureClient(client),
            new OpenAIPipelineOptions().setThrottleGate(gate));

        try (LogCapture logs = new LogCapture().start()) {
            embed(builder, sync);

            assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).hasSize(3).allSatisfy(line -> {
                assertThat(String.valueOf(line.get("gateHeldMs"))).isEqualTo("700");
                assertThat(line).containsEntry("gateHoldReason", "slow start");
            });
        }
        assertThat(gate.requests()).hasSize(3);
        assertThat(gate.reportedStatuses()).containsExactly(429, 429, 200);
    }

    @Test
    void neverTouchesTheTransportOrAGivenPipeline() {
        RecordingHttpTrait builder = new RecordingHttpTrait();

        OpenAIPipelines.install(builder, new RetryAfterOptions(), new RequestLoggingOptions());

        assertThat(builder.calls()).map(Call::method).doesNotContain("httpClient", "pipeline", "clientOptions",
            "httpLogOptions");
    }

    @Test
    void returnsTheSameOpenAIClientBuilder() {
        OpenAIClientBuilder builder = new OpenAIClientBuilder();

        assertThat(OpenAIPipelines.install(builder)).isSameAs(builder);
    }

    @Test
    void theOpenAIClientPipelineHasTheDocumentedOrder() throws ReflectiveOperationException {
        HttpPipelinePolicy before = new AddHeaderPolicy("x-before", "1");
        HttpPipelinePolicy after = new AddHeaderPolicy("x-after", "1");
        OpenAIClientBuilder builder = azureClient(new ScriptedHttpClient()).addPolicy(before);
        OpenAIPipelines.install(builder).addPolicy(after);

        HttpPipeline pipeline = pipelineOf(builder.buildClient());

        assertThat(policyClasses(pipeline)).containsExactly(UserAgentPolicy.class, RequestIdPolicy.class,
            AddHeadersFromContextPolicy.class, RetryAfterPolicy.class, PassThroughRetryPolicy.class,
            AddDatePolicy.class, CookiePolicy.class, KeyCredentialPolicy.class, AddHeaderPolicy.class,
            ThrottleGatePolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class, AddHeaderPolicy.class,
            InstrumentationPolicy.class, HttpLoggingPolicy.class);
        assertThat(pipeline.getPolicy(8)).isSameAs(before);
        assertThat(pipeline.getPolicy(12)).isSameAs(after);
    }

    private static List<Class<?>> policyClasses(HttpPipeline pipeline) {
        List<Class<?>> classes = new ArrayList<>();
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            classes.add(pipeline.getPolicy(i).getClass());
        }
        return classes;
    }

    /** OpenAIClient has no getter for its pipeline; azure-ai-openai 1.0.0-beta.16 keeps it in 'serviceClient'. */
    private static HttpPipeline pipelineOf(OpenAIClient client) throws ReflectiveOperationException {
        Field field = OpenAIClient.class.getDeclaredField("serviceClient");
        field.setAccessible(true);
        return ((OpenAIClientImpl) field.get(client)).getHttpPipeline();
    }

    // --- end to end on OpenAIClientBuilder ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void throttledEmbeddingsSucceedWithOneKeyOnEveryAttempt(boolean sync) {
        ScriptedHttpClient client = throttledThenEmbeddings(2);

        Embeddings embeddings = embed(installWithoutGate(azureClient(client)), sync);

        assertThat(embeddings.getData()).singleElement()
            .satisfies(item -> assertThat(item.getEmbedding()).containsExactly(0.25f, 0.5f));
        assertThat(client.attempts()).hasSize(3).allSatisfy(attempt -> {
            assertThat(attempt.headerValues("api-key")).containsExactly(KEY);
            assertThat(attempt.headerValues("Authorization")).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aUserPolicyAddingASecondKeyIsDeduplicated(boolean sync) {
        ScriptedHttpClient unprotected = throttledThenEmbeddings(2);
        embed(azureClient(unprotected).addPolicy(new AddHeaderPolicy("api-key", KEY)), sync);
        assertThat(unprotected.attempts()).as("without install")
            .allSatisfy(attempt -> assertThat(attempt.headerValues("api-key")).containsExactly(KEY, KEY));

        ScriptedHttpClient client = throttledThenEmbeddings(2);
        OpenAIClientBuilder builder = azureClient(client).addPolicy(new AddHeaderPolicy("api-key", KEY));

        embed(installWithoutGate(builder), sync);

        assertThat(client.attempts()).hasSize(3)
            .allSatisfy(attempt -> assertThat(attempt.headerValues("api-key")).containsExactly(KEY));
    }

    @Test
    void aUserPolicyAddingADifferentKeyStopsTheCallBeforeAnythingIsSent() {
        ScriptedHttpClient client = throttledThenEmbeddings(2);
        OpenAIClientBuilder builder = azureClient(client).addPolicy(new AddHeaderPolicy("api-key", "other-key"));

        assertThatThrownBy(() -> embed(OpenAIPipelines.install(builder), true))
            .isInstanceOfSatisfying(DuplicateCredentialException.class,
                e -> assertThat(e.getHeaderName()).isEqualTo("api-key"))
            .hasMessageNotContaining(KEY).hasMessageNotContaining("other-key");
        assertThat(client.attemptCount()).isZero();
    }

    @Test
    void theRetryAfterOptionsDecideAndTheStockRetryIsOff() {
        ScriptedHttpClient client = throttledThenEmbeddings(2);
        OpenAIClientBuilder builder = OpenAIPipelines.install(azureClient(client),
            new OpenAIPipelineOptions().setRetryOptions(new RetryAfterOptions().setMaxRetries(1))
                .setThrottleGate(null));

        assertThatThrownBy(() -> embed(builder, true)).isInstanceOfSatisfying(HttpResponseException.class,
            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(429));
        assertThat(client.attemptCount()).as("1 try + 1 retry of ours, none of the stock RetryPolicy").isEqualTo(2);
    }

    @Test
    void retriesBeyondTheStockPolicysThree() {
        ScriptedHttpClient client = throttledThenEmbeddings(5);

        embed(installWithoutGate(azureClient(client)), true);

        assertThat(client.attemptCount()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aPolicyAfterTheStockRetryPolicySeesTheRealAttemptNumber(boolean sync) {
        RetryCountProbe probe = new RetryCountProbe();
        ScriptedHttpClient client = throttledThenEmbeddings(2);

        embed(installWithoutGate(azureClient(client)).addPolicy(probe), sync);

        assertThat(probe.seen()).containsExactly(1, 2, 3);
    }

    // --- the stock retry stays silent ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aHealedConnectionResetLogsNoErrorAndNoExhaustedRetries(boolean sync) {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .fail(new IOException("Connection reset by peer"))
            .respond(200, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json"), EMBEDDINGS_JSON);
        OpenAIClientBuilder builder = OpenAIPipelines.install(azureClient(client),
            new RetryAfterOptions().setBaseDelay(Duration.ofMillis(1)).setMaxDelay(Duration.ofMillis(1)));

        try (LogCapture logs = new LogCapture().start()) {
            Embeddings embeddings = embed(builder, sync);

            assertThat(embeddings.getData()).hasSize(1);
            assertThat(client.attemptCount()).isEqualTo(2);
            assertThat(logs.events()).as("events of any logger").isNotEmpty()
                .noneSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.ERROR));
            assertThat(logs.allText()).doesNotContainIgnoringCase("exhausted");
        }
    }

    @Test
    void retryOptionsSetBeforeInstallDoNotClashWithTheSilentStockRetry() throws ReflectiveOperationException {
        OpenAIClientBuilder builder = azureClient(new ScriptedHttpClient())
            .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(5)));

        HttpPipeline pipeline = pipelineOf(OpenAIPipelines.install(builder).buildClient());

        assertThat(policyClasses(pipeline)).contains(PassThroughRetryPolicy.class)
            .doesNotContain(com.azure.core.http.policy.RetryPolicy.class);
    }

    @Test
    void nullsAreRefusedByName() {
        assertThatThrownBy(() -> OpenAIPipelines.install((OpenAIClientBuilder) null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("builder");
        assertThatThrownBy(() -> OpenAIPipelines.install(new OpenAIClientBuilder(), (RetryAfterOptions) null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("retryOptions");
        assertThatThrownBy(() -> OpenAIPipelines.install(new OpenAIClientBuilder(), (OpenAIPipelineOptions) null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
        assertThatThrownBy(() -> OpenAIPipelines.install(new OpenAIClientBuilder(), new RetryAfterOptions(), null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("loggingOptions");
    }
}
