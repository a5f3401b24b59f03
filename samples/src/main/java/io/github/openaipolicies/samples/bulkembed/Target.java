// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.AuthenticationUtil;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.credential.BearerTokenCredential;
import com.openai.credential.Credential;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Where BulkEmbed sends its requests: an Azure OpenAI simulator (embedded, or one the caller owns) or a real Azure
 * OpenAI resource named by {@code AZURE_OPENAI_ENDPOINT}.
 */
public final class Target implements AutoCloseable {
    /** Environment variable naming a real Azure OpenAI endpoint; when set, BulkEmbed uses it. */
    public static final String ENDPOINT_VARIABLE = "AZURE_OPENAI_ENDPOINT";
    /** Environment variable holding the real endpoint's API key; when unset, DefaultAzureCredential is used. */
    public static final String API_KEY_VARIABLE = "AZURE_OPENAI_API_KEY";
    /** Environment variable naming the embeddings deployment of the real endpoint. */
    public static final String DEPLOYMENT_VARIABLE = "AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT";
    /** The Microsoft Entra ID scope of Azure OpenAI, for a bearer token. */
    static final String ENTRA_SCOPE = "https://cognitiveservices.azure.com/.default";

    private final String description;
    private final String endpoint;
    private final String deployment;
    private final Quota quota;
    private final boolean remote;
    private final Consumer<OpenAIClientBuilder> connection;
    private final HttpClient httpClient;
    private final AutoCloseable owned;
    private final Supplier<Credential> openAIJavaCredential;
    private final Supplier<com.openai.core.http.HttpClient> openAIJavaTransport;

    private Target(String description, String endpoint, String deployment, Quota quota, boolean remote,
                   HttpClient httpClient, Consumer<OpenAIClientBuilder> connection, AutoCloseable owned,
                   Supplier<Credential> openAIJavaCredential,
                   Supplier<com.openai.core.http.HttpClient> openAIJavaTransport) {
        this.description = description;
        this.endpoint = endpoint;
        this.deployment = deployment;
        this.quota = quota;
        this.remote = remote;
        this.httpClient = httpClient;
        this.connection = builder -> connection.accept(builder.httpClient(httpClient));
        this.owned = owned;
        this.openAIJavaCredential = openAIJavaCredential;
        this.openAIJavaTransport = openAIJavaTransport;
    }

    /**
     * Starts a simulator in-process, serving one deployment under a quota; {@link #close()} stops it.
     *
     * @param deployment the deployment to serve
     * @param quota its quota
     * @param dimensions the embedding length
     * @return the target
     */
    public static Target embeddedSimulator(String deployment, Quota quota, int dimensions) {
        AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
            .deployment(deployment, quota.requestsPerWindow(), quota.tokensPerWindow())
            .window(quota.window())
            .embeddingDimensions(dimensions)
            .start();
        return new Target("embedded Azure OpenAI simulator at " + simulator.endpoint() + " (quota "
            + quota.describe() + ") - set " + ENDPOINT_VARIABLE + " to use a real deployment",
            simulator.endpoint(), deployment, quota, false, simulator.httpClient(), simulatorConnection(simulator),
            simulator, Target::simulatorKey, () -> simulatorTransport(simulator));
    }

    /**
     * Uses a simulator the caller started and keeps ownership of (it is not closed here), with its default API key.
     *
     * @param simulator the running simulator
     * @param deployment the deployment to call
     * @return the target
     */
    public static Target simulator(AzureOpenAISimulator simulator, String deployment) {
        return simulator(simulator, deployment, UnaryOperator.identity());
    }

    /**
     * Uses a simulator the caller started and keeps ownership of, through a transport that wraps the simulator's
     * HTTP client (a test's way to play a fault on chosen requests).
     *
     * @param simulator the running simulator
     * @param deployment the deployment to call
     * @param transport wraps the simulator's HTTP client
     * @return the target
     */
    public static Target simulator(AzureOpenAISimulator simulator, String deployment,
                                   UnaryOperator<HttpClient> transport) {
        return new Target("Azure OpenAI simulator at " + simulator.endpoint() + " (provided by the caller)",
            simulator.endpoint(), deployment, null, false, transport.apply(simulator.httpClient()),
            simulatorConnection(simulator), null, Target::simulatorKey, () -> simulatorTransport(simulator));
    }

    /**
     * Uses a real Azure OpenAI resource: the API key from {@value #API_KEY_VARIABLE} when set, else
     * {@code DefaultAzureCredential} (Microsoft Entra ID).
     *
     * @param env the environment; must contain {@value #ENDPOINT_VARIABLE}
     * @param deployment the embeddings deployment
     * @return the target
     */
    public static Target azure(Map<String, String> env, String deployment) {
        String endpoint = Objects.requireNonNull(env.get(ENDPOINT_VARIABLE), ENDPOINT_VARIABLE).strip();
        String key = env.get(API_KEY_VARIABLE);
        boolean hasKey = key != null && !key.isBlank();
        String auth = hasKey ? "API key from " + API_KEY_VARIABLE : "Microsoft Entra ID (DefaultAzureCredential)";
        return new Target("Azure OpenAI at " + endpoint + ", deployment " + deployment + ", " + auth,
            endpoint, deployment, null, true, HttpClient.createDefault(), builder -> {
                builder.endpoint(endpoint);
                if (hasKey) {
                    builder.credential(new AzureKeyCredential(key.strip()));
                } else {
                    TokenCredential credential = new DefaultAzureCredentialBuilder().build();
                    builder.credential(credential);
                }
            }, null, () -> hasKey ? AzureApiKeyCredential.create(key.strip())
                : BearerTokenCredential.create(AuthenticationUtil.getBearerTokenSupplier(
                    new DefaultAzureCredentialBuilder().build(), ENTRA_SCOPE)),
            () -> OkHttpClient.builder().build());
    }

    private static Credential simulatorKey() {
        return AzureApiKeyCredential.create(AzureOpenAISimulator.DEFAULT_API_KEY);
    }

    /** openai-java's OkHttp transport trusting the simulator's self-signed certificate. */
    private static com.openai.core.http.HttpClient simulatorTransport(AzureOpenAISimulator simulator) {
        return OkHttpClient.builder().sslSocketFactory(simulator.sslContext().getSocketFactory())
            .trustManager(simulator.trustManager()).build();
    }

    private static Consumer<OpenAIClientBuilder> simulatorConnection(AzureOpenAISimulator sim) {
        return builder -> builder.endpoint(sim.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY));
    }

    /**
     * Points a client builder at this target: endpoint, credential and {@link #httpClient()}.
     *
     * @param builder the builder
     * @return the same builder
     */
    public OpenAIClientBuilder connect(OpenAIClientBuilder builder) {
        connection.accept(builder);
        return builder;
    }

    /**
     * The HTTP client the run's pipeline sends through: the simulator's, or azure-core's default client (with the
     * proxy settings of the environment) for a real endpoint.
     *
     * @return the client
     */
    public HttpClient httpClient() {
        return httpClient;
    }

    /**
     * The credential of an openai-java client: the API key, or a bearer token from {@code DefaultAzureCredential}
     * (Microsoft Entra ID) for a real endpoint without {@value #API_KEY_VARIABLE}.
     *
     * @return a new credential
     */
    public Credential openAIJavaCredential() {
        return openAIJavaCredential.get();
    }

    /**
     * A new openai-java transport for this target: openai-java's default {@code OkHttpClient} for a real endpoint,
     * one that trusts the simulator's certificate for a simulator. Closed with the client that sends through it.
     *
     * @return a new transport
     */
    public com.openai.core.http.HttpClient openAIJavaTransport() {
        return openAIJavaTransport.get();
    }

    /**
     * The base URL of an openai-java client: the endpoint's {@code /openai/v1}, where the deployment is the body's
     * {@code model}.
     *
     * @return the URL
     */
    public String openAIJavaBaseUrl() {
        return endpoint.replaceAll("/+$", "") + "/openai/v1";
    }

    /**
     * One line for people, printed first by BulkEmbed.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The endpoint.
     *
     * @return the endpoint URL
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The embeddings deployment.
     *
     * @return the deployment name
     */
    public String deployment() {
        return deployment;
    }

    /**
     * The quota, when BulkEmbed knows it (the embedded simulator's).
     *
     * @return the quota, or empty
     */
    public Optional<Quota> quota() {
        return Optional.ofNullable(quota);
    }

    /**
     * Whether this is a real service, worth a reachability check before the run.
     *
     * @return true for {@link #azure}
     */
    public boolean isRemote() {
        return remote;
    }

    /** Stops the embedded simulator, if this target started one. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                // nothing useful to do when stopping the simulator fails at exit
            }
        }
    }
}
