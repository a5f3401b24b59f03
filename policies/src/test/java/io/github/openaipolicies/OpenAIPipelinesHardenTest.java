// Licensed under the MIT License.
package io.github.openaipolicies;

import ch.qos.logback.classic.Level;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPolicyProviders;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.ClientOptions;
import com.azure.core.util.Context;
import com.azure.core.util.TracingOptions;
import com.azure.core.util.logging.LogLevel;
import com.azure.core.util.tracing.Tracer;
import io.github.openaipolicies.PipelineTestPolicies.AddHeaderPolicy;
import io.github.openaipolicies.PipelineTestPolicies.ResendingRetryPolicy;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.implementation.AttemptContext;
import io.github.openaipolicies.implementation.PipelineHardening;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAIPipelinesHardenTest {
    private static final String KEY = "key-0123456789";

    private static ScriptedHttpClient throttledTwiceThenOk() {
        return new ScriptedHttpClient()
            .respond(429, ScriptedHttpClient.headers(PipelineTestPolicies.NO_WAIT_429)).times(2)
            .respond(200, ScriptedHttpClient.headers(), "{}");
    }

    private static HttpResponse send(HttpPipeline pipeline, boolean sync) {
        HttpRequest request = new HttpRequest(HttpMethod.POST, "https://example.openai.azure.com/openai/embeddings")
            .setBody("{\"input\":\"hello\"}");
        return sync ? pipeline.sendSync(request, Context.NONE) : pipeline.send(request).block();
    }

    private static List<HttpPipelinePolicy> policiesOf(HttpPipeline pipeline) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            policies.add(pipeline.getPolicy(i));
        }
        return policies;
    }

    private static List<Class<?>> classesOf(HttpPipeline pipeline) {
        return policiesOf(pipeline).stream().<Class<?>>map(Object::getClass).toList();
    }

    /**
     * Options that leave the throttle gate out, for the tests about credentials and retries.
     * Their scripted answers would otherwise teach {@link ThrottleGate#shared()} about the host: a 429 shrinks the
     * key's slow-start window to one attempt in flight, and a delay or a counter at zero would hold the calls of later
     * tests in this JVM to the same host. These tests are about something else: their outcome must not depend on the
     * order tests run in. Where the gate goes is tested by the tests that harden without options.
     */
    private static OpenAIPipelineOptions withoutGate() {
        return new OpenAIPipelineOptions().setThrottleGate(null);
    }

    /** A gate policy that lets every attempt go at once, for pipelines whose gate must be kept by harden. */
    private static ThrottleGatePolicy noWaitGatePolicy() {
        return new ThrottleGatePolicy(new RecordingThrottleGate(Duration.ZERO, ThrottleHoldReason.NONE));
    }

    private static HttpPipeline pipeline(ScriptedHttpClient client, HttpPipelinePolicy... policies) {
        return new HttpPipelineBuilder().httpClient(client).policies(policies).build();
    }

    // --- Kernel Memory style: a retry that re-sends the same request in front of an auth policy that adds ------

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void resendingRetryInFrontOfAddingAuthSendsOneCredentialAfterHarden(boolean sync) {
        ScriptedHttpClient unprotected = throttledTwiceThenOk();
        HttpPipeline kernelMemoryStyle = pipeline(unprotected, new ResendingRetryPolicy(10),
            new AddHeaderPolicy("Authorization", "Bearer t"));

        send(kernelMemoryStyle, sync).close();

        assertThat(unprotected.attempts()).as("the bug, without our policies")
            .map(attempt -> attempt.headerValues("Authorization").size())
            .containsExactly(1, 2, 3);

        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(client, new ResendingRetryPolicy(10),
            new AddHeaderPolicy("Authorization", "Bearer t")), withoutGate());

        try (HttpResponse response = send(hardened, sync)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
        assertThat(client.attempts()).hasSize(3)
            .allSatisfy(attempt -> assertThat(attempt.headerValues("Authorization")).containsExactly("Bearer t"));
        assertThat(classesOf(hardened)).containsExactly(RetryAfterPolicy.class, ResendingRetryPolicy.class,
            AddHeaderPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    // --- a pipeline built with azure-core's RetryPolicy -----------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void stockRetryPipelineWithADoubledCredentialSendsOneCredentialAfterHarden(boolean sync) {
        ScriptedHttpClient unprotected = throttledTwiceThenOk();
        send(pipeline(unprotected, PipelineTestPolicies.stockRetry(),
            new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY)), new AddHeaderPolicy("api-key", KEY)),
            sync).close();
        assertThat(unprotected.attempts()).as("without our policies")
            .allSatisfy(attempt -> assertThat(attempt.headerValues("api-key")).containsExactly(KEY, KEY));

        ScriptedHttpClient client = throttledTwiceThenOk();
        PipelineTestPolicies.RetryCountProbe probe = new PipelineTestPolicies.RetryCountProbe();
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(client, PipelineTestPolicies.stockRetry(),
            new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY)), new AddHeaderPolicy("api-key", KEY),
            probe), withoutGate());

        try (HttpResponse response = send(hardened, sync)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
        }
        assertThat(client.attempts()).hasSize(3)
            .allSatisfy(attempt -> assertThat(attempt.headerValues("api-key")).containsExactly(KEY));
        assertThat(probe.seen()).as("attempts counted by RetryAfterPolicy").containsExactly(1, 2, 3);
    }

    @Test
    void retryPolicyIsReplacedInTheSameIndex() {
        ScriptedHttpClient client = new ScriptedHttpClient();
        HttpPipelinePolicy userAgent = new UserAgentPolicy();
        HttpPipelinePolicy requestId = new RequestIdPolicy();
        HttpPipelinePolicy addDate = new AddDatePolicy();
        HttpPipelinePolicy credential = new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY));
        HttpPipelinePolicy logging = new HttpLoggingPolicy(null);
        HttpPipeline original = pipeline(client, userAgent, requestId, new RetryPolicy(), addDate, credential,
            logging);

        HttpPipeline hardened = OpenAIPipelines.harden(original);

        assertThat(classesOf(hardened)).containsExactly(UserAgentPolicy.class, RequestIdPolicy.class,
            RetryAfterPolicy.class, ThrottleGatePolicy.class, AddDatePolicy.class, AzureKeyCredentialPolicy.class,
            HttpLoggingPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        assertThat(policiesOf(hardened).subList(0, 2)).containsExactly(userAgent, requestId);
        assertThat(policiesOf(hardened).subList(4, 7)).containsExactly(addDate, credential, logging);
        assertThat(((ThrottleGatePolicy) hardened.getPolicy(3)).getGate()).isSameAs(ThrottleGate.shared());
        assertThat(hardened.getHttpClient()).isSameAs(client);
        assertThat(hardened).isNotSameAs(original);
    }

    @Test
    void retryPolicySubclassesAreReplacedToo() {
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(new ScriptedHttpClient(), new UserAgentPolicy(),
            new RetryPolicy() { }));

        assertThat(classesOf(hardened)).containsExactly(UserAgentPolicy.class, RetryAfterPolicy.class,
            ThrottleGatePolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    @Test
    void withoutAStockRetryRetryAfterPolicyGoesAfterTheUserAgentAndRequestIdPolicies() {
        HttpPipelinePolicy userAgent = new UserAgentPolicy();
        HttpPipelinePolicy requestId = new RequestIdPolicy();
        HttpPipelinePolicy credential = new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY));

        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(new ScriptedHttpClient(), userAgent, requestId,
            credential));

        assertThat(classesOf(hardened)).containsExactly(UserAgentPolicy.class, RequestIdPolicy.class,
            RetryAfterPolicy.class, ThrottleGatePolicy.class, AzureKeyCredentialPolicy.class,
            RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    @Test
    void withoutAStockRetryNorARequestIdPolicyRetryAfterPolicyGoesFirst() {
        HttpPipelinePolicy credential = new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY));

        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(new ScriptedHttpClient(), credential));

        assertThat(classesOf(hardened)).containsExactly(RetryAfterPolicy.class, ThrottleGatePolicy.class,
            AzureKeyCredentialPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void allAttemptsOfACallCarryOneClientRequestIdAsUnderAzureCoresRetry(boolean sync) {
        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(client, new UserAgentPolicy(), new RequestIdPolicy(),
            new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY))), withoutGate());

        send(hardened, sync).close();

        assertThat(client.attempts()).hasSize(3)
            .map(attempt -> attempt.headerValues("x-ms-client-request-id"))
            .allSatisfy(ids -> assertThat(ids).hasSize(1))
            .map(ids -> ids.get(0))
            .containsOnly(client.attempts().get(0).headerValues("x-ms-client-request-id").get(0));
    }

    @Test
    void anEmptyPipelineGetsAllFour() {
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(new ScriptedHttpClient()));

        assertThat(classesOf(hardened)).containsExactly(RetryAfterPolicy.class, ThrottleGatePolicy.class,
            RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    @Test
    void hardeningTwiceChangesNothing() {
        HttpPipeline once = OpenAIPipelines.harden(pipeline(new ScriptedHttpClient(), new UserAgentPolicy(),
            new RetryPolicy(), new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY))));

        HttpPipeline twice = OpenAIPipelines.harden(once);

        assertThat(twice).isSameAs(once);
        assertThat(policiesOf(twice)).containsExactlyElementsOf(policiesOf(once));
    }

    @Test
    void aPipelineFromTheBuilderNeedsNothing() {
        HttpPipeline built = OpenAIPipelines.builder().httpClient(new ScriptedHttpClient())
            .credential(new AzureKeyCredential(KEY)).build();

        assertThat(OpenAIPipelines.harden(built)).isSameAs(built);
    }

    @Test
    void existingPoliciesOfOursAreKeptWhereTheyAreAndNotDoubled() {
        RetryAfterPolicy retryAfter = new RetryAfterPolicy();
        DedupeAuthPolicy dedupe = new DedupeAuthPolicy();
        HttpPipelinePolicy userAgent = new UserAgentPolicy();
        HttpPipelinePolicy logging = new HttpLoggingPolicy(null);

        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(new ScriptedHttpClient(), userAgent, retryAfter,
            new RetryPolicy(), dedupe, logging));

        assertThat(policiesOf(hardened)).hasSize(6);
        assertThat(policiesOf(hardened).subList(0, 2)).containsExactly(userAgent, retryAfter);
        assertThat(hardened.getPolicy(2)).isInstanceOf(ThrottleGatePolicy.class);
        assertThat(policiesOf(hardened).subList(3, 5)).containsExactly(dedupe, logging);
        assertThat(hardened.getPolicy(5)).isInstanceOf(RequestLoggingPolicy.class);
    }

    @Test
    void severalRetryPoliciesBecomeOneRetryAfterPolicy() {
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(new ScriptedHttpClient(), new RetryPolicy(),
            new UserAgentPolicy(), new RetryPolicy()));

        assertThat(classesOf(hardened)).containsExactly(RetryAfterPolicy.class, ThrottleGatePolicy.class,
            UserAgentPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    @Test
    void retryOptionsAreUsedForTheAddedPolicy() {
        ScriptedHttpClient client = throttledTwiceThenOk();
        ThrottleGatePolicy gate = noWaitGatePolicy();
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(client, new RetryPolicy(), gate),
            new RetryAfterOptions().setMaxRetries(1));
        assertThat(policiesOf(hardened)).as("the gate found is kept").contains(gate)
            .filteredOn(ThrottleGatePolicy.class::isInstance).hasSize(1);

        try (HttpResponse response = send(hardened, true)) {
            assertThat(response.getStatusCode()).isEqualTo(429);
        }
        assertThat(client.attemptCount()).isEqualTo(2);
    }

    @Test
    void theTracerIsKept() {
        Tracer tracer = new Tracer() {
            @Override
            public Context start(String methodName, Context context) {
                return context;
            }

            @Override
            public void end(String errorMessage, Throwable throwable, Context context) {
            }

            @Override
            public void setAttribute(String key, String value, Context context) {
            }
        };
        HttpPipeline original = new HttpPipelineBuilder().httpClient(new ScriptedHttpClient()).tracer(tracer)
            .policies(new RetryPolicy()).build();

        assertThat(OpenAIPipelines.harden(original).getTracer()).isSameAs(tracer);
    }

    @Test
    void attemptsAreRecordedByTheAddedRetryAfterPolicy() {
        ScriptedHttpClient client = throttledTwiceThenOk();
        List<Object> attempts = new ArrayList<>();
        HttpPipelinePolicy probe = (context, next) -> {
            attempts.add(AttemptContext.recorded(context).orElse(0));
            return next.process();
        };

        send(OpenAIPipelines.harden(pipeline(client, probe), withoutGate()), false).close();

        assertThat(attempts).containsExactly(1, 2, 3);
    }

    // --- the pipeline given to harden stays exactly as it was ------------------------------------------------

    @Test
    void theOriginalPipelineAndItsPoliciesAreLeftExactlyAsTheyWere() throws IllegalAccessException {
        RecordingTracer tracer = new RecordingTracer();
        List<HttpPipelinePolicy> policies = new ArrayList<>(List.of(new UserAgentPolicy(), new RequestIdPolicy(),
            new RetryPolicy(), new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY))));
        HttpPolicyProviders.addAfterRetryPolicies(policies);
        ClientOptions options = new ClientOptions()
            .setTracingOptions(new TracingOptions().setAllowedTracingQueryParamNames(Set.of("page")));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200).times(3);
        HttpPipeline original = new HttpPipelineBuilder().httpClient(client).clientOptions(options).tracer(tracer)
            .policies(policies.toArray(new HttpPipelinePolicy[0])).build();
        List<HttpPipelinePolicy> policiesBefore = policiesOf(original);
        List<List<Object>> stateBefore = policiesBefore.stream().map(OpenAIPipelinesHardenTest::fieldValues).toList();
        String url = "https://example.openai.azure.com/openai/embeddings?page=2&secret=s";

        HttpPipeline hardened = OpenAIPipelines.harden(original);

        original.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE).close();
        hardened.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE).close();
        assertThat(tracer.spans()).as("the original's span, then the hardened pipeline's")
            .map(span -> span.attribute("http.url"))
            .containsExactly("https://example.openai.azure.com/openai/embeddings?page=2&secret=REDACTED",
                "https://example.openai.azure.com/openai/embeddings?page=2&secret=REDACTED");
        assertThat(policiesOf(original)).containsExactlyElementsOf(policiesBefore);
        for (int i = 0; i < policiesBefore.size(); i++) {
            List<Object> before = stateBefore.get(i);
            List<Object> after = fieldValues(policiesBefore.get(i));
            assertThat(after).as("fields of %s", policiesBefore.get(i).getClass().getSimpleName())
                .hasSameSizeAs(before);
            for (int f = 0; f < before.size(); f++) {
                assertThat(after.get(f)).as("field %d of %s", f, policiesBefore.get(i).getClass().getSimpleName())
                    .isSameAs(before.get(f));
            }
        }
    }

    /** The values of every instance field of {@code policy}, its superclasses' included, in a fixed order. */
    private static List<Object> fieldValues(HttpPipelinePolicy policy) {
        List<Object> values = new ArrayList<>();
        for (Class<?> type = policy.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    try {
                        values.add(field.get(policy));
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return values;
    }

    // --- options given to harden are applied to our policies already in the pipeline -------------------------

    @Test
    void retryOptionsReplaceARetryAfterPolicyAlreadyInThePipelineInItsPlace() {
        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipelinePolicy userAgent = new UserAgentPolicy();
        HttpPipeline built = pipeline(client, userAgent, new RetryAfterPolicy(), noWaitGatePolicy(),
            new RequestLoggingPolicy());

        HttpPipeline hardened = OpenAIPipelines.harden(built, new RetryAfterOptions().setMaxRetries(1));

        assertThat(classesOf(hardened)).containsExactly(UserAgentPolicy.class, RetryAfterPolicy.class,
            ThrottleGatePolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        assertThat(hardened.getPolicy(0)).isSameAs(userAgent);
        assertThat(hardened.getPolicy(2)).as("no gate given: kept").isSameAs(built.getPolicy(2));
        assertThat(hardened.getPolicy(3)).as("no logging options given: kept").isSameAs(built.getPolicy(3));
        try (HttpResponse response = send(hardened, true)) {
            assertThat(response.getStatusCode()).isEqualTo(429);
        }
        assertThat(client.attemptCount()).as("1 try + the 1 retry asked for").isEqualTo(2);
    }

    @Test
    void loggingOptionsReplaceARequestLoggingPolicyAlreadyInThePipeline() {
        HttpPipeline built = pipeline(new ScriptedHttpClient().respond(200), new RetryAfterPolicy(),
            noWaitGatePolicy(), new RequestLoggingPolicy(), new DedupeAuthPolicy());
        int loggingIndex = 2;

        HttpPipeline hardened = OpenAIPipelines.harden(built, new RetryAfterOptions(),
            new RequestLoggingOptions().setLogLevel(LogLevel.VERBOSE));

        assertThat(classesOf(hardened)).containsExactlyElementsOf(classesOf(built));
        assertThat(hardened.getPolicy(1)).as("no gate given: kept").isSameAs(built.getPolicy(1));
        assertThat(hardened.getPolicy(loggingIndex)).isNotSameAs(built.getPolicy(loggingIndex));
        try (LogCapture logs = new LogCapture().start()) {
            send(hardened, true).close();
            assertThat(logs.events(RequestLoggingPolicy.class)).as("a 200 is logged at the level asked for")
                .singleElement().satisfies(event -> assertThat(event.getLevel()).isEqualTo(Level.DEBUG));
        }
    }

    @Test
    void hardeningLogsWhatItRemovedReplacedAndAdded() {
        HttpPipeline built = pipeline(new ScriptedHttpClient(), new RetryPolicy(), new RetryAfterPolicy(),
            new RetryPolicy(), noWaitGatePolicy(), new RequestLoggingPolicy());
        OpenAIPipelineOptions options = new OpenAIPipelineOptions()
            .setThrottleGate(new RecordingThrottleGate(Duration.ZERO, ThrottleHoldReason.NONE));

        try (LogCapture logs = new LogCapture().start()) {
            OpenAIPipelines.harden(built, options);

            assertThat(LoggedLines.of(logs, PipelineHardening.class)).singleElement().satisfies(line -> {
                assertThat(line).containsEntry("az.sdk.message", "Hardened an HttpPipeline.");
                assertThat(String.valueOf(line.get("retryPoliciesRemoved"))).isEqualTo("2");
                assertThat(String.valueOf(line.get("policiesReplaced"))).isEqualTo("3");
                assertThat(line).containsEntry("retryAfterPolicyAdded", false)
                    .containsEntry("throttleGatePolicyAdded", false).containsEntry("requestLoggingPolicyAdded", false)
                    .containsEntry("dedupeAuthPolicyAdded", true);
            });
        }
    }

    // --- the throttle gate ------------------------------------------------------------------------------------

    @Test
    void aGatePolicyAlreadyInThePipelineIsKeptWhereItIsWithoutOptions() {
        ThrottleGatePolicy gate = noWaitGatePolicy();
        HttpPipeline built = pipeline(new ScriptedHttpClient(), new UserAgentPolicy(), gate, new RetryPolicy());

        HttpPipeline hardened = OpenAIPipelines.harden(built);

        assertThat(classesOf(hardened)).containsExactly(UserAgentPolicy.class, ThrottleGatePolicy.class,
            RetryAfterPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        assertThat(hardened.getPolicy(1)).isSameAs(gate);
        assertThat(OpenAIPipelines.harden(hardened)).as("hardening twice changes nothing").isSameAs(hardened);
    }

    @Test
    void theGateOfTheOptionsReplacesAGatePolicyAlreadyThereInItsPlace() {
        ThrottleGate fresh = ThrottleGate.create();
        HttpPipeline built = pipeline(new ScriptedHttpClient(), new UserAgentPolicy(), noWaitGatePolicy(),
            new RetryPolicy());

        HttpPipeline hardened = OpenAIPipelines.harden(built, new OpenAIPipelineOptions().setThrottleGate(fresh));

        assertThat(classesOf(hardened)).containsExactly(UserAgentPolicy.class, ThrottleGatePolicy.class,
            RetryAfterPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        assertThat(((ThrottleGatePolicy) hardened.getPolicy(1)).getGate()).isSameAs(fresh);
    }

    @Test
    void theOptionsPutTheSharedGateRightAfterRetryAfterPolicyByDefault() {
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(new ScriptedHttpClient(), new UserAgentPolicy(),
            new RetryPolicy(), new AddDatePolicy()), new OpenAIPipelineOptions());

        assertThat(classesOf(hardened)).containsExactly(UserAgentPolicy.class, RetryAfterPolicy.class,
            ThrottleGatePolicy.class, AddDatePolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        assertThat(((ThrottleGatePolicy) hardened.getPolicy(2)).getGate()).isSameAs(ThrottleGate.shared());
    }

    @Test
    void aNullGateInTheOptionsRemovesEveryGatePolicyAndAddsNone() {
        HttpPipeline built = pipeline(new ScriptedHttpClient(), new RetryAfterPolicy(), noWaitGatePolicy());

        assertThat(classesOf(OpenAIPipelines.harden(built, withoutGate()))).containsExactly(RetryAfterPolicy.class,
            RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        assertThat(classesOf(OpenAIPipelines.harden(pipeline(new ScriptedHttpClient()), withoutGate())))
            .containsExactly(RetryAfterPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theOptionsApplyAndTheGateIsAskedBeforeEveryAttemptWithItsHoldsInTheLogLines(boolean sync) {
        RecordingThrottleGate gate = new RecordingThrottleGate(Duration.ofMillis(250),
            ThrottleHoldReason.REQUESTS_AT_ZERO);
        ScriptedHttpClient client = throttledTwiceThenOk();
        HttpPipeline hardened = OpenAIPipelines.harden(pipeline(client, new RetryAfterPolicy(),
            new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY))), new OpenAIPipelineOptions()
            .setThrottleGate(gate).setRetryOptions(new RetryAfterOptions().setMaxRetries(1)));

        try (LogCapture logs = new LogCapture().start()) {
            try (HttpResponse response = send(hardened, sync)) {
                assertThat(response.getStatusCode()).as("the retry options given apply").isEqualTo(429);
            }

            assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).hasSize(2).allSatisfy(line -> {
                assertThat(String.valueOf(line.get("gateHeldMs"))).isEqualTo("250");
                assertThat(line).containsEntry("gateHoldReason", "requests counter at zero");
            });
        }
        assertThat(gate.reportedStatuses()).containsExactly(429, 429);
        assertThat(classesOf(hardened)).containsExactly(RetryAfterPolicy.class, ThrottleGatePolicy.class,
            AzureKeyCredentialPolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
    }

    @Test
    void nullsAreRefusedByName() {
        HttpPipeline pipeline = pipeline(new ScriptedHttpClient());
        assertThatThrownBy(() -> OpenAIPipelines.harden(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("pipeline");
        assertThatThrownBy(() -> OpenAIPipelines.harden(pipeline, (RetryAfterOptions) null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("retryOptions");
        assertThatThrownBy(() -> OpenAIPipelines.harden(pipeline, (OpenAIPipelineOptions) null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
        assertThatThrownBy(() -> OpenAIPipelines.harden(pipeline, new RetryAfterOptions(), null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("loggingOptions");
    }
}
