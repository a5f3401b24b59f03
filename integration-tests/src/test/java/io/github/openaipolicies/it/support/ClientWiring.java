// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.KeyCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.util.logging.LogLevel;
import io.github.openaipolicies.OpenAIPipelineBuilder;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.RequestLoggingOptions;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.openai.OpenAIJavaPolicyOptions;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.HttpClientKind;
import org.slf4j.event.Level;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Builds the {@code OpenAIClientBuilder} of one matrix case: a construction, a transport and a credential, all
 * pointed at the simulator. Every construction logs as much as it can (the stock {@code HttpLoggingPolicy} with
 * headers and bodies where it exists, our {@code RequestLoggingPolicy} with bodies), so the suite's log search for
 * secrets has something to search.
 *
 * <p>Each builder gets a throttle gate of its own ({@link ThrottleGate#create()}, the settings of
 * {@link ThrottleGate#shared()}), not the JVM-wide one: every case calls the same deployment of the same simulator, so
 * with one gate a case would inherit the holds of the cases before it.</p>
 */
public final class ClientWiring {
    /** The configured overall budget of a call; a call that must fail fast has to end well inside it. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final AzureOpenAISimulator simulator;
    private final EntraIdStub entraId;

    /**
     * Creates the wiring.
     *
     * @param simulator the simulator
     * @param entraId the Entra ID stub, or null when no case uses {@link CredentialKind#CLIENT_SECRET}
     */
    public ClientWiring(AzureOpenAISimulator simulator, EntraIdStub entraId) {
        this.simulator = Objects.requireNonNull(simulator, "simulator");
        this.entraId = entraId;
    }

    /**
     * The retry options of every construction: short waits so the suite stays fast, a cap on {@code Retry-After}
     * far below a day, and {@link #CALL_TIMEOUT}.
     *
     * @return new options
     */
    public static RetryAfterOptions retryOptions() {
        return new RetryAfterOptions()
            .setMaxRetries(5)
            .setBaseDelay(Duration.ofMillis(20))
            .setMaxDelay(Duration.ofMillis(200))
            .setMaxRetryAfter(Duration.ofSeconds(5))
            .setTimeout(CALL_TIMEOUT);
    }

    /**
     * The logging options of every construction: every attempt logged (successes at informational level, failures
     * at warning), bodies included.
     *
     * @return new options
     */
    public static RequestLoggingOptions loggingOptions() {
        return new RequestLoggingOptions().setLogLevel(LogLevel.INFORMATIONAL).setLogBodies(true);
    }

    /**
     * The client builder of one case.
     *
     * @param construction how our policies get in
     * @param transport the azure-core HTTP client implementation
     * @param credentialKind the credential
     * @param wrongKey whether to use a key the simulator refuses (only with {@link CredentialKind#AZURE_KEY})
     * @return a builder ready for {@code buildClient()} / {@code buildAsyncClient()}
     */
    public OpenAIClientBuilder clientBuilder(Construction construction, HttpClientKind transport,
        CredentialKind credentialKind, boolean wrongKey) {
        return clientBuilder(construction, simulator.httpClient(transport), credentialKind, wrongKey);
    }

    /**
     * The client builder of one case, on a given transport (which the client secret credential uses too).
     *
     * @param construction how our policies get in
     * @param httpClient the transport, one of the simulator's or a wrapper around one
     * @param credentialKind the credential
     * @param wrongKey whether to use a key the simulator refuses (only with {@link CredentialKind#AZURE_KEY})
     * @return a builder ready for {@code buildClient()} / {@code buildAsyncClient()}
     */
    public OpenAIClientBuilder clientBuilder(Construction construction, HttpClient httpClient,
        CredentialKind credentialKind, boolean wrongKey) {
        return clientBuilder(construction, httpClient, credentialKind, wrongKey, true);
    }

    /**
     * The client builder of one case, with body logging on (as every other case has it) or off: off, our
     * {@code RequestLoggingPolicy} logs no bodies and the stock {@code HttpLoggingPolicy} logs headers only.
     *
     * @param construction how our policies get in
     * @param httpClient the transport, one of the simulator's or a wrapper around one
     * @param credentialKind the credential
     * @param wrongKey whether to use a key the simulator refuses (only with {@link CredentialKind#AZURE_KEY})
     * @param logBodies whether the logging policies log bodies
     * @return a builder ready for {@code buildClient()} / {@code buildAsyncClient()}
     */
    public OpenAIClientBuilder clientBuilder(Construction construction, HttpClient httpClient,
        CredentialKind credentialKind, boolean wrongKey, boolean logBodies) {
        RequestLoggingOptions logging = loggingOptions().setLogBodies(logBodies);
        HttpLogDetailLevel stockLevel = logBodies ? HttpLogDetailLevel.BODY_AND_HEADERS : HttpLogDetailLevel.HEADERS;
        if (wrongKey && credentialKind != CredentialKind.AZURE_KEY) {
            throw new IllegalArgumentException("the wrong-key scenario uses the api-key credential");
        }
        String apiKey = wrongKey ? Secrets.WRONG_API_KEY : AzureOpenAISimulator.DEFAULT_API_KEY;
        OpenAIClientBuilder builder = new OpenAIClientBuilder();
        ThrottleGate ownGate = ThrottleGate.create();
        if (credentialKind.azureEndpoint()) {
            builder.endpoint(simulator.endpoint());
        }
        switch (construction) {
            case INSTALL -> {
                builder.httpClient(httpClient)
                    .httpLogOptions(new HttpLogOptions().setLogLevel(stockLevel));
                switch (credentialKind) {
                    case AZURE_KEY -> builder.credential(new AzureKeyCredential(apiKey));
                    case OPENAI_KEY -> builder.credential(new KeyCredential(Secrets.OPENAI_KEY));
                    case TOKEN, CLIENT_SECRET -> builder.credential(tokenCredential(credentialKind, httpClient));
                }
                OpenAIPipelines.install(builder, options(logging, ownGate));
            }
            case PIPELINE_BUILDER -> {
                OpenAIPipelineBuilder pipeline = OpenAIPipelines.builder()
                    .httpClient(httpClient)
                    .retryOptions(retryOptions())
                    .loggingOptions(logging)
                    .throttleGate(ownGate);
                switch (credentialKind) {
                    case AZURE_KEY -> pipeline.credential(new AzureKeyCredential(apiKey));
                    case OPENAI_KEY -> pipeline.credential(new KeyCredential(Secrets.OPENAI_KEY));
                    case TOKEN, CLIENT_SECRET -> pipeline.credential(tokenCredential(credentialKind, httpClient));
                }
                builder.pipeline(pipeline.build());
            }
            case HARDENED_HAND_BUILT -> {
                AddingCredentialPolicy credential = switch (credentialKind) {
                    case AZURE_KEY -> AddingCredentialPolicy.apiKey(apiKey);
                    case OPENAI_KEY -> AddingCredentialPolicy.bearerKey(Secrets.OPENAI_KEY);
                    case TOKEN, CLIENT_SECRET ->
                        AddingCredentialPolicy.bearerToken(tokenCredential(credentialKind, httpClient));
                };
                builder.pipeline(OpenAIPipelines.harden(HandBuiltPipeline.build(httpClient, credential),
                    options(logging, ownGate)));
            }
        }
        return builder;
    }

    /**
     * Builds the client of one case and makes its call: an azure-ai-openai client from
     * {@link #clientBuilder(Construction, HttpClientKind, CredentialKind, boolean)}, or, for an
     * {@link Construction#openAIJava()} construction, an openai-java client over {@code OpenAIJavaPolicies.wrap} with
     * the same retry options, a gate of its own and every attempt logged (the transport kind does not apply: openai-java
     * sends over its OkHttp client).
     *
     * @param construction how our policies get in
     * @param transport the azure-core HTTP client implementation (azure-ai-openai constructions only)
     * @param credentialKind the credential
     * @param wrongKey whether to use a key the simulator refuses (only with {@link CredentialKind#AZURE_KEY})
     * @param mode sync or async client
     * @param api the operation
     * @throws RuntimeException whatever the client throws
     */
    public void invoke(Construction construction, HttpClientKind transport, CredentialKind credentialKind,
        boolean wrongKey, ClientMode mode, Api api) {
        if (!construction.isOpenAIJava()) {
            Calls.invoke(clientBuilder(construction, transport, credentialKind, wrongKey), mode, api);
            return;
        }
        com.openai.client.OpenAIClient client = OpenAIJavaCalls.wrapped(simulator, construction, credentialKind,
            wrongKey, openAIJavaOptions());
        try {
            OpenAIJavaCalls.invoke(client, mode, api);
        } finally {
            client.close();
        }
    }

    /**
     * The options of every openai-java construction: {@link #retryOptions()}, a gate of its own, every attempt
     * logged (successes at INFO, failures at WARN).
     *
     * @return new options
     */
    public static OpenAIJavaPolicyOptions openAIJavaOptions() {
        return new OpenAIJavaPolicyOptions().setRetryOptions(retryOptions()).setThrottleGate(ThrottleGate.create())
            .setLoggingOptions(new AttemptLoggingOptions().setLogLevel(Level.INFO));
    }

    /**
     * The HTTP status of the error a client threw: azure-core's {@code HttpResponseException} or openai-java's
     * {@code OpenAIServiceException}.
     *
     * @param failure what the call threw
     * @return the status, or empty for any other error
     */
    public static OptionalInt statusOf(Throwable failure) {
        if (failure instanceof HttpResponseException response) {
            return OptionalInt.of(response.getResponse().getStatusCode());
        }
        return OpenAIJavaCalls.status(failure);
    }

    private static OpenAIPipelineOptions options(RequestLoggingOptions logging, ThrottleGate gate) {
        return new OpenAIPipelineOptions().setRetryOptions(retryOptions()).setLoggingOptions(logging)
            .setThrottleGate(gate);
    }

    /**
     * A {@code TokenCredential} lambda handing out {@link Secrets#LAMBDA_TOKEN}, valid for an hour.
     *
     * @return the credential
     */
    public static TokenCredential lambdaTokenCredential() {
        return request -> Mono.fromSupplier(
            () -> new AccessToken(Secrets.LAMBDA_TOKEN, OffsetDateTime.now().plusHours(1)));
    }

    private TokenCredential tokenCredential(CredentialKind kind, HttpClient httpClient) {
        if (kind == CredentialKind.TOKEN) {
            return lambdaTokenCredential();
        }
        if (entraId == null) {
            throw new IllegalStateException("ClientSecretCredential cases need an EntraIdStub");
        }
        return entraId.clientSecretCredential(httpClient);
    }
}
