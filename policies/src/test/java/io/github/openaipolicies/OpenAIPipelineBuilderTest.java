// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.KeyCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.KeyCredentialPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.implementation.AccessTokenCacheInfo;
import com.azure.core.implementation.http.policy.InstrumentationPolicy;
import com.azure.core.util.ClientOptions;
import com.azure.core.util.Context;
import com.azure.core.util.Header;
import com.azure.core.util.TracingOptions;
import io.github.openaipolicies.PipelineTestPolicies.AddHeaderPolicy;
import io.github.openaipolicies.PipelineTestPolicies.RotateKeyAfterFirstAttempt;
import io.github.openaipolicies.TestCredentials.ScriptedTokenCredential;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.implementation.KeyHeaderCredentialPolicy;
import io.github.openaipolicies.implementation.LoopbackBearerTokenPolicy;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAIPipelineBuilderTest {
    private static final String KEY = "key-0123456789";
    private static final String TOKEN = "token-0123456789";

    /** The three credentials the builder accepts, with the header each must produce. */
    enum Credential {
        AZURE_KEY("api-key", KEY, AzureKeyCredentialPolicy.class, KeyHeaderCredentialPolicy.class),
        OPENAI_KEY("Authorization", "Bearer " + KEY, KeyCredentialPolicy.class, KeyHeaderCredentialPolicy.class),
        TOKEN("Authorization", "Bearer " + OpenAIPipelineBuilderTest.TOKEN, BearerTokenAuthenticationPolicy.class,
            LoopbackBearerTokenPolicy.class);

        final String header;
        final String value;
        final Class<?> stockPolicy;
        final Class<?> loopbackPolicy;

        Credential(String header, String value, Class<?> stockPolicy, Class<?> loopbackPolicy) {
            this.header = header;
            this.value = value;
            this.stockPolicy = stockPolicy;
            this.loopbackPolicy = loopbackPolicy;
        }

        OpenAIPipelineBuilder applyTo(OpenAIPipelineBuilder builder) {
            return switch (this) {
                case AZURE_KEY -> builder.credential(new AzureKeyCredential(KEY));
                case OPENAI_KEY -> builder.credential(new KeyCredential(KEY));
                case TOKEN -> builder.credential(ScriptedTokenCredential.valid(OpenAIPipelineBuilderTest.TOKEN));
            };
        }
    }

    enum Path {
        SYNC, ASYNC;

        HttpResponse send(HttpPipeline pipeline, String url) {
            HttpRequest request = new HttpRequest(HttpMethod.POST, url).setBody("{\"input\":\"hello\"}");
            return this == SYNC ? pipeline.sendSync(request, Context.NONE) : pipeline.send(request).block();
        }
    }

    static Stream<Arguments> credentialsAndPaths() {
        List<Arguments> arguments = new ArrayList<>();
        for (Credential credential : Credential.values()) {
            for (Path path : Path.values()) {
                arguments.add(Arguments.of(credential, path));
            }
        }
        return arguments.stream();
    }

    /**
     * The builder without a throttle gate, for the tests about credentials, user policies, tracing and retries.
     * Their scripted answers would otherwise teach {@link ThrottleGate#shared()} about the host: a 429 shrinks the
     * key's slow-start window to one attempt in flight, and a delay or a counter at zero would hold the calls of later
     * tests in this JVM to the same host. These tests are about something else: their outcome must not depend on the
     * order tests run in. Where the gate goes, and that it is asked, is tested by the tests that use
     * {@code OpenAIPipelines.builder()} directly.
     */
    private static OpenAIPipelineBuilder builderWithoutGate() {
        return OpenAIPipelines.builder().throttleGate(null);
    }

    private static ScriptedHttpClient throttledTwiceThenOk() {
        return new ScriptedHttpClient()
            .respond(429, ScriptedHttpClient.headers(PipelineTestPolicies.NO_WAIT_429)).times(2)
            .respond(200, ScriptedHttpClient.headers(), "{}");
    }

    private static List<Class<?>> classesOf(HttpPipeline pipeline) {
        List<Class<?>> classes = new ArrayList<>();
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            classes.add(pipeline.getPolicy(i).getClass());
        }
        return classes;
    }

    @ParameterizedTest
    @MethodSource("credentialsAndPaths")
    void everyAttemptCarriesExactlyOneCredential(Credential credential, Path path) {
        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipeline pipeline = credential.applyTo(builderWithoutGate().httpClient(client)).build();

        try (HttpResponse response = path.send(pipeline, "https://example.openai.azure.com/openai/embeddings")) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        assertThat(client.attempts()).hasSize(3).allSatisfy(attempt -> {
            assertThat(attempt.headerValues(credential.header)).containsExactly(credential.value);
            assertThat(attempt.headerValues("api-key").size() + attempt.headerValues("Authorization").size())
                .isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aUserPolicyThatAddsASecondCredentialIsDeduplicated(Path path) {
        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipeline pipeline = builderWithoutGate().httpClient(client)
            .credential(new AzureKeyCredential(KEY))
            .addPolicy(new AddHeaderPolicy("api-key", KEY))
            .build();

        try (HttpResponse response = path.send(pipeline, "https://example.openai.azure.com/x")) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }

        assertThat(client.attempts()).hasSize(3)
            .allSatisfy(attempt -> assertThat(attempt.headerValues("api-key")).containsExactly(KEY));
    }

    @Test
    void tokenCredentialIsAskedForTheCognitiveServicesScope() {
        ScriptedTokenCredential tokens = ScriptedTokenCredential.valid(TOKEN);
        HttpPipeline pipeline = builderWithoutGate().httpClient(throttledTwiceThenOk()).credential(tokens)
            .build();

        Path.SYNC.send(pipeline, "https://example.openai.azure.com/x").close();

        assertThat(tokens.requests()).isNotEmpty()
            .allSatisfy(request -> assertThat(request.getScopes())
                .containsExactly("https://cognitiveservices.azure.com/.default"));
    }

    @Test
    void orderWithEveryKindOfPolicy() {
        HttpPipelinePolicy perCall = new AddHeaderPolicy("x-call", "1", HttpPipelinePosition.PER_CALL);
        HttpPipelinePolicy perRetry = new AddHeaderPolicy("x-retry", "1", HttpPipelinePosition.PER_RETRY);
        HttpPipelinePolicy perCallTwo = new AddHeaderPolicy("x-call", "2", HttpPipelinePosition.PER_CALL);

        HttpPipeline pipeline = OpenAIPipelines.builder().httpClient(new ScriptedHttpClient())
            .addPolicy(perRetry)
            .addPolicy(perCall)
            .credential(new AzureKeyCredential(KEY))
            .addPolicy(perCallTwo)
            .build();

        assertThat(classesOf(pipeline)).containsExactly(UserAgentPolicy.class, RequestIdPolicy.class,
            AddHeadersFromContextPolicy.class, AddHeaderPolicy.class, AddHeaderPolicy.class, RetryAfterPolicy.class,
            ThrottleGatePolicy.class, AddDatePolicy.class, AzureKeyCredentialPolicy.class, AddHeaderPolicy.class,
            InstrumentationPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        assertThat(pipeline.getPolicy(3)).isSameAs(perCall);
        assertThat(pipeline.getPolicy(4)).isSameAs(perCallTwo);
        assertThat(pipeline.getPolicy(9)).isSameAs(perRetry);
    }

    @ParameterizedTest
    @EnumSource(Credential.class)
    void orderWithEachCredential(Credential credential) {
        HttpPipeline stock = credential.applyTo(OpenAIPipelines.builder().httpClient(new ScriptedHttpClient()))
            .build();
        HttpPipeline loopback = credential.applyTo(OpenAIPipelines.builder().httpClient(new ScriptedHttpClient()))
            .allowInsecureLoopback(true)
            .build();

        assertThat(classesOf(stock)).containsExactly(UserAgentPolicy.class, RequestIdPolicy.class,
            AddHeadersFromContextPolicy.class, RetryAfterPolicy.class, ThrottleGatePolicy.class, AddDatePolicy.class,
            credential.stockPolicy, InstrumentationPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        assertThat(classesOf(loopback)).containsExactly(UserAgentPolicy.class, RequestIdPolicy.class,
            AddHeadersFromContextPolicy.class, RetryAfterPolicy.class, ThrottleGatePolicy.class, AddDatePolicy.class,
            credential.loopbackPolicy, InstrumentationPolicy.class, RequestLoggingPolicy.class,
            DedupeAuthPolicy.class);
    }

    @Test
    void byDefaultEveryPipelineAsksTheSharedGateRightAfterRetryAfterPolicy() {
        HttpPipeline one = OpenAIPipelines.builder().httpClient(new ScriptedHttpClient())
            .credential(new AzureKeyCredential(KEY)).build();
        HttpPipeline two = OpenAIPipelines.builder().httpClient(new ScriptedHttpClient()).build();

        for (HttpPipeline pipeline : List.of(one, two)) {
            int retry = classesOf(pipeline).indexOf(RetryAfterPolicy.class);
            assertThat(pipeline.getPolicy(retry + 1)).isInstanceOfSatisfying(ThrottleGatePolicy.class,
                gate -> assertThat(gate.getGate()).isSameAs(ThrottleGate.shared()));
        }
    }

    @Test
    void aNullGateLeavesTheGatePolicyOut() {
        HttpPipeline pipeline = OpenAIPipelines.builder().httpClient(new ScriptedHttpClient())
            .credential(new AzureKeyCredential(KEY)).throttleGate(ThrottleGate.create()).throttleGate(null).build();

        assertThat(classesOf(pipeline)).doesNotContain(ThrottleGatePolicy.class)
            .containsSubsequence(RetryAfterPolicy.class, AddDatePolicy.class, AzureKeyCredentialPolicy.class);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aGivenGateIsAskedBeforeEveryAttemptAndItsHoldsShowInTheLogLines(Path path) {
        RecordingThrottleGate gate = new RecordingThrottleGate(Duration.ofMillis(1_500), ThrottleHoldReason.AFTER_429);
        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipeline pipeline = OpenAIPipelines.builder().httpClient(client).credential(new AzureKeyCredential(KEY))
            .throttleGate(gate).build();

        try (LogCapture logs = new LogCapture().start()) {
            path.send(pipeline, "https://res.openai.azure.com/openai/deployments/d/embeddings").close();

            assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).hasSize(3).allSatisfy(line -> {
                assertThat(String.valueOf(line.get("gateHeldMs"))).isEqualTo("1500");
                assertThat(line).containsEntry("gateHoldReason", "after 429");
            });
        }
        assertThat(gate.requests()).hasSize(3)
            .allSatisfy(request -> assertThat(request.quotaKey()).isEqualTo("res.openai.azure.com"));
        assertThat(gate.reportedStatuses()).containsExactly(429, 429, 200);
        assertThat(client.attempts()).allSatisfy(attempt -> assertThat(attempt.headerValues("api-key"))
            .containsExactly(KEY));
    }

    @Test
    void withoutCredentialThereIsNoCredentialPolicy() {
        HttpPipeline pipeline = OpenAIPipelines.builder().httpClient(new ScriptedHttpClient()).build();

        assertThat(classesOf(pipeline)).containsExactly(UserAgentPolicy.class, RequestIdPolicy.class,
            AddHeadersFromContextPolicy.class, RetryAfterPolicy.class, ThrottleGatePolicy.class, AddDatePolicy.class,
            InstrumentationPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    @Test
    void withoutCredentialPlainHttpIsAllowed() {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        HttpPipeline pipeline = builderWithoutGate().httpClient(client).build();

        try (HttpResponse response = Path.SYNC.send(pipeline, "http://example.com/x")) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
        assertThat(client.attempts()).singleElement()
            .satisfies(attempt -> assertThat(attempt.headers()).doesNotContainKeys("api-key", "authorization"));
    }

    @Test
    void sendsTheLibraryUserAgent() {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        Path.SYNC.send(builderWithoutGate().httpClient(client).build(), "https://example.com/x").close();

        assertThat(client.attempts().get(0).headerValues("User-Agent")).singleElement().asString()
            .contains("openai-pipeline-policies/");
    }

    @Test
    void aSecondCredentialIsRefused() {
        OpenAIPipelineBuilder builder = builderWithoutGate().credential(new AzureKeyCredential(KEY));

        assertThatThrownBy(() -> builder.credential(ScriptedTokenCredential.valid(TOKEN)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("exactly one credential")
            .hasMessageContaining("AzureKeyCredential")
            .hasMessageContaining("TokenCredential")
            .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> builder.credential(new KeyCredential(KEY)))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.credential(new AzureKeyCredential(KEY)))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builderWithoutGate().credential(ScriptedTokenCredential.valid(TOKEN))
            .credential(new KeyCredential(KEY)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one credential");
    }

    @Test
    void anAzureKeyCredentialTypedAsKeyCredentialIsStillSentAsApiKey() {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        KeyCredential credential = new AzureKeyCredential(KEY);
        HttpPipeline pipeline = builderWithoutGate().httpClient(client).credential(credential).build();

        Path.SYNC.send(pipeline, "https://example.com/x").close();

        assertThat(client.attempts().get(0).headerValues("api-key")).containsExactly(KEY);
        assertThat(client.attempts().get(0).headerValues("Authorization")).isEmpty();
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        OpenAIPipelineBuilder builder = builderWithoutGate();
        assertThatThrownBy(() -> builder.httpClient(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("httpClient");
        assertThatThrownBy(() -> builder.credential((AzureKeyCredential) null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("credential");
        assertThatThrownBy(() -> builder.retryOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("retryOptions");
        assertThatThrownBy(() -> builder.loggingOptions(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("loggingOptions");
        assertThatThrownBy(() -> builder.addPolicy(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("policy");
    }

    @Test
    void retryOptionsAreUsed() {
        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipeline pipeline = builderWithoutGate().httpClient(client)
            .retryOptions(new RetryAfterOptions().setMaxRetries(1))
            .build();

        try (HttpResponse response = Path.SYNC.send(pipeline, "https://example.com/x")) {
            assertThat(response.getStatusCode()).isEqualTo(429);
        }
        assertThat(client.attemptCount()).isEqualTo(2);
    }

    // --- HTTPS rule -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("credentialsAndPaths")
    void plainHttpIsRefusedWithACredential(Credential credential, Path path) {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        HttpPipeline pipeline = credential.applyTo(builderWithoutGate().httpClient(client)).build();

        assertThatThrownBy(() -> path.send(pipeline, "http://localhost/x")).hasMessageContaining("HTTPS");
        assertThat(client.attemptCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("credentialsAndPaths")
    void insecureLoopbackAllowsPlainHttpToLoopbackHostsOnly(Credential credential, Path path) {
        for (String url : List.of("http://localhost:8080/x", "http://127.0.0.1:8080/x", "http://127.1.2.3/x",
            "http://[::1]:8080/x", "https://example.com/x")) {
            ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
            HttpPipeline pipeline = credential.applyTo(builderWithoutGate().httpClient(client))
                .allowInsecureLoopback(true).build();

            try (HttpResponse response = path.send(pipeline, url)) {
                assertThat(response.getStatusCode()).as(url).isEqualTo(200);
            }
            assertThat(client.attempts()).as(url).singleElement()
                .satisfies(attempt -> assertThat(attempt.headerValues(credential.header))
                    .containsExactly(credential.value));
        }
        for (String url : List.of("http://example.com/x", "http://localhost.example.com/x", "http://128.0.0.1/x",
            "http://10.0.0.1/x")) {
            ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
            HttpPipeline pipeline = credential.applyTo(builderWithoutGate().httpClient(client))
                .allowInsecureLoopback(true).build();

            assertThatThrownBy(() -> path.send(pipeline, url)).as(url)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTPS")
                .hasMessageContaining("loopback")
                .hasMessageNotContaining(KEY)
                .hasMessageNotContaining(TOKEN);
            assertThat(client.attemptCount()).as(url).isZero();
        }
    }

    // --- credentials re-read on every attempt ---------------------------------------------------------------

    /** With the loopback opt-in, this library's own credential policies are used: send to a loopback http URL. */
    private static String url(boolean insecureLoopback) {
        return insecureLoopback ? "http://localhost:8080/openai/embeddings"
            : "https://example.openai.azure.com/openai/embeddings";
    }

    @ParameterizedTest
    @MethodSource("credentialsAndPaths")
    void theCredentialPolicyReplacesAValueAlreadyOnTheRequest(Credential credential, Path path) {
        for (boolean insecureLoopback : new boolean[] {false, true}) {
            ScriptedHttpClient client = throttledTwiceThenOk();
            HttpPipeline pipeline = credential.applyTo(builderWithoutGate().httpClient(client))
                .allowInsecureLoopback(insecureLoopback)
                .addPolicy(new AddHeaderPolicy(credential.header, "stale", HttpPipelinePosition.PER_CALL))
                .build();

            try (HttpResponse response = path.send(pipeline, url(insecureLoopback))) {
                assertThat(response.getStatusCode()).isEqualTo(200);
            }
            assertThat(client.attempts()).as("insecureLoopback=" + insecureLoopback).hasSize(3)
                .allSatisfy(attempt -> assertThat(attempt.headerValues(credential.header))
                    .containsExactly(credential.value));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anUpdatedAzureKeyIsSentOnTheNextAttempt(boolean insecureLoopback) {
        for (Path path : Path.values()) {
            ScriptedHttpClient client = throttledTwiceThenOk();
            AzureKeyCredential credential = new AzureKeyCredential("old-key");
            HttpPipeline pipeline = builderWithoutGate().httpClient(client).credential(credential)
                .allowInsecureLoopback(insecureLoopback)
                .addPolicy(new RotateKeyAfterFirstAttempt(credential, "new-key"))
                .build();

            path.send(pipeline, url(insecureLoopback)).close();

            assertThat(client.attempts()).as(path.name()).map(attempt -> attempt.headerValues("api-key"))
                .containsExactly(List.of("old-key"), List.of("new-key"), List.of("new-key"));
        }
    }

    @Test
    void anUpdatedOpenAIKeyIsSentOnTheNextAttempt() {
        ScriptedHttpClient client = throttledTwiceThenOk();
        KeyCredential credential = new KeyCredential("old-key");
        HttpPipeline pipeline = builderWithoutGate().httpClient(client).credential(credential)
            .addPolicy(new RotateKeyAfterFirstAttempt(credential, "new-key"))
            .build();

        Path.ASYNC.send(pipeline, "https://api.openai.com/v1/embeddings").close();

        assertThat(client.attempts()).map(attempt -> attempt.headerValues("Authorization"))
            .containsExactly(List.of("Bearer old-key"), List.of("Bearer new-key"), List.of("Bearer new-key"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anExpiredTokenIsReplacedOnTheNextAttempt(boolean insecureLoopback) {
        for (Path path : Path.values()) {
            ScriptedHttpClient client = throttledTwiceThenOk();
            ScriptedTokenCredential tokens = new ScriptedTokenCredential(
                ScriptedTokenCredential.expiredToken("token-1"), ScriptedTokenCredential.validToken("token-2"));
            HttpPipeline pipeline = builderWithoutGate().httpClient(client).credential(tokens)
                .allowInsecureLoopback(insecureLoopback)
                .build();

            path.send(pipeline, url(insecureLoopback)).close();

            assertThat(client.attempts()).as(path.name()).map(attempt -> attempt.headerValues("Authorization"))
                .containsExactly(List.of("Bearer token-1"), List.of("Bearer token-2"), List.of("Bearer token-2"));
            assertThat(tokens.requests()).as("token-2 is cached, not fetched again").hasSize(2)
                .map(TokenRequestContext::getScopes)
                .allSatisfy(scopes -> assertThat(scopes)
                    .containsExactly(OpenAIPipelineBuilder.COGNITIVE_SERVICES_SCOPE));
        }
    }

    /**
     * azure-core's token cache renews a token from 5 minutes before it expires, at most once every 30 seconds after
     * the last renewal. The test does not wait those 30 seconds: it moves the cache's next-renewal time into the past,
     * which is all that 30 seconds of wall time would change.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTokenCloseToExpiryIsRenewedBeforeItExpires(boolean insecureLoopback) throws ReflectiveOperationException {
        for (Path path : Path.values()) {
            ScriptedHttpClient client = new ScriptedHttpClient().respond(200).times(3);
            OffsetDateTime firstExpires = OffsetDateTime.now().plusMinutes(4);
            ScriptedTokenCredential tokens = new ScriptedTokenCredential(new AccessToken("token-1", firstExpires),
                ScriptedTokenCredential.validToken("token-2"));
            HttpPipeline pipeline = builderWithoutGate().httpClient(client).credential(tokens)
                .allowInsecureLoopback(insecureLoopback).build();

            path.send(pipeline, url(insecureLoopback)).close();
            path.send(pipeline, url(insecureLoopback)).close();
            openTheRenewalGate(pipeline);
            path.send(pipeline, url(insecureLoopback)).close();

            assertThat(OffsetDateTime.now()).as("token-1 has not expired yet").isBefore(firstExpires);
            assertThat(client.attempts()).as(path.name()).map(attempt -> attempt.headerValues("Authorization"))
                .containsExactly(List.of("Bearer token-1"), List.of("Bearer token-1"), List.of("Bearer token-2"));
        }
    }

    /** Sets the next-renewal time of the pipeline's token cache to the past, as 30 seconds of waiting would. */
    private static void openTheRenewalGate(HttpPipeline pipeline) throws ReflectiveOperationException {
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            if (pipeline.getPolicy(i) instanceof BearerTokenAuthenticationPolicy policy) {
                Field cacheField = BearerTokenAuthenticationPolicy.class.getDeclaredField("cache");
                cacheField.setAccessible(true);
                Object cache = cacheField.get(policy);
                Field infoField = cache.getClass().getDeclaredField("cacheInfo");
                infoField.setAccessible(true);
                @SuppressWarnings("unchecked")
                AtomicReference<AccessTokenCacheInfo> info = (AtomicReference<AccessTokenCacheInfo>) infoField.get(cache);
                info.set(new AccessTokenCacheInfo(info.get().getCachedAccessToken(),
                    OffsetDateTime.now().minusSeconds(1)));
                return;
            }
        }
        throw new AssertionError("no BearerTokenAuthenticationPolicy in the pipeline");
    }

    @Test
    void buildMakesAFreshPipelineEveryTime() {
        OpenAIPipelineBuilder builder = builderWithoutGate().httpClient(new ScriptedHttpClient());
        HttpPipeline first = builder.build();
        HttpPipeline second = builder.build();

        assertThat(first).isNotSameAs(second);
        assertThat(first.getPolicy(2)).isNotSameAs(second.getPolicy(2));
    }

    // --- what OpenAIClientBuilder gives: tracing, context headers, ClientOptions -------------------------------

    @ParameterizedTest
    @EnumSource(Path.class)
    void everyAttemptIsASpanOfTheGivenTracer(Path path) {
        RecordingTracer tracer = new RecordingTracer();
        HttpPipeline pipeline = builderWithoutGate().httpClient(throttledTwiceThenOk())
            .credential(new AzureKeyCredential(KEY)).tracer(tracer).build();

        path.send(pipeline, "https://example.openai.azure.com/openai/embeddings?api-version=1").close();

        assertThat(tracer.spans()).hasSize(3).allSatisfy(span -> {
            assertThat(span.name()).isEqualTo("POST");
            assertThat(span.attribute("http.url"))
                .isEqualTo("https://example.openai.azure.com/openai/embeddings?api-version=1");
            assertThat(span.ended()).isTrue();
        });
        assertThat(tracer.spans()).map(span -> span.attribute("http.status_code")).containsExactly(429L, 429L, 200L);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aHeaderPutIntoTheContextArrivesOnEveryAttempt(Path path) {
        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipeline pipeline = builderWithoutGate().httpClient(client).build();
        Context context = new Context(AddHeadersFromContextPolicy.AZURE_REQUEST_HTTP_HEADERS_KEY,
            new HttpHeaders().set("x-ms-correlation", "job-42"));
        HttpRequest request = new HttpRequest(HttpMethod.POST, "https://example.openai.azure.com/x").setBody("{}");

        (path == Path.SYNC ? pipeline.sendSync(request, context) : pipeline.send(request, context).block()).close();

        assertThat(client.attempts()).hasSize(3)
            .allSatisfy(attempt -> assertThat(attempt.headerValues("x-ms-correlation")).containsExactly("job-42"));
    }

    @Test
    void clientOptionsGiveTheApplicationIdTheHeadersAndTheTracingAllowList() {
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200);
        RecordingTracer tracer = new RecordingTracer();
        ClientOptions options = new ClientOptions().setApplicationId("bulk-embed")
            .setHeaders(List.of(new Header("x-ms-team", "search")))
            .setTracingOptions(new TracingOptions().setAllowedTracingQueryParamNames(Set.of("page")));
        HttpPipeline pipeline = builderWithoutGate().httpClient(client).clientOptions(options).tracer(tracer)
            .build();

        Path.SYNC.send(pipeline, "https://example.openai.azure.com/x?page=2&secret=s").close();

        assertThat(client.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.headerValues("User-Agent")).singleElement().asString().startsWith("bulk-embed ");
            assertThat(attempt.headerValues("x-ms-team")).containsExactly("search");
        });
        assertThat(tracer.spans()).singleElement().satisfies(span -> assertThat(span.attribute("http.url"))
            .isEqualTo("https://example.openai.azure.com/x?page=2&secret=REDACTED"));
    }
}
