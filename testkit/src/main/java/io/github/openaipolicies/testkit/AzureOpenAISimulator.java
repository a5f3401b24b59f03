package io.github.openaipolicies.testkit;

import com.azure.core.http.HttpClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.openaipolicies.testkit.implementation.ApiVersions;
import io.github.openaipolicies.testkit.implementation.ChunkedBodyTransformer;
import io.github.openaipolicies.testkit.implementation.FaultQueue;
import io.github.openaipolicies.testkit.implementation.Latency;
import io.github.openaipolicies.testkit.implementation.NoMappingsSource;
import io.github.openaipolicies.testkit.implementation.SilentNotifier;
import io.github.openaipolicies.testkit.implementation.SimulatorEngine;
import io.github.openaipolicies.testkit.implementation.SimulatorHttpClients;
import io.github.openaipolicies.testkit.implementation.SimulatorSettings;
import io.github.openaipolicies.testkit.implementation.SimulatorTls;
import io.github.openaipolicies.testkit.implementation.SimulatorTransformer;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * An in-process Azure OpenAI simulator: a WireMock server on a dynamic (or chosen) HTTPS port bound to 127.0.0.1,
 * with plain HTTP and HTTP/2 off, presenting a self-signed certificate for {@code localhost} that the clients from
 * {@link #httpClient(HttpClientKind)} trust (and nothing else does).
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li>{@code POST /openai/deployments/{deployment}/embeddings?api-version=...} and
 *       {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...} (JSON, or Server-Sent Events
 *       for {@code "stream": true}), for every configured deployment that serves the operation;</li>
 *   <li>{@code POST /openai/v1/embeddings} and {@code POST /openai/v1/chat/completions}, Azure OpenAI's unified v1
 *       API, where the deployment is the body's {@code model} and {@code api-version} is optional (the shape
 *       openai-java sends with {@code baseUrl(endpoint + "/openai/v1")});</li>
 *   <li>{@code POST /v1/embeddings} and {@code POST /v1/chat/completions}, the api.openai.com shape, where the
 *       deployment is the body's {@code model}.</li>
 * </ul>
 * Embeddings are deterministic unit vectors ({@value #DEFAULT_EMBEDDING_DIMENSIONS} floats unless configured, or the
 * request's {@code dimensions}), seeded from the SHA-256 of each input, returned as float arrays or, when the request
 * says {@code "encoding_format": "base64"} (as azure-ai-openai does), as Base64 little-endian floats. Chat completions
 * answer one assistant message with Azure's {@code prompt_filter_results}. Both report usage and name the
 * deployment's model.
 *
 * <h2>Checks, in order</h2>
 * <ol>
 *   <li>Credentials: one {@code api-key} value equal to a configured key, or one {@code Authorization: Bearer}
 *       value naming a configured bearer token; on {@code /v1/...} one {@code Authorization: Bearer} value naming a
 *       configured key or token. Any credential header with two values (two lines, or two values joined by a comma)
 *       is refused. Refused: 401 with Azure's error body. A token of {@link Builder#bearerTokensWithoutRole} is 401
 *       {@code PermissionDenied}. A deployment with its own keys or tokens ({@link Deployment#withApiKeys},
 *       {@link Deployment#withBearerTokens}) accepts those instead of the configured ones.</li>
 *   <li>The operation: anything else is 404 {@code Resource not found}.</li>
 *   <li>On the Azure routes, {@code api-version}: missing, 404; not in {@link Builder#apiVersions}, 400
 *       {@code API version not supported}. On {@code /openai/v1/...} it may be missing, {@code v1}, {@code preview}
 *       or one of {@link Builder#apiVersions}; anything else is the same 400.</li>
 *   <li>The deployment: where it is the body's {@code model}, a missing {@code model} is 400; an unconfigured one is
 *       404 {@code DeploymentNotFound} ({@code model_not_found} on {@code /v1/...}); one whose model does not serve
 *       the operation is 400 {@code OperationNotSupported}.</li>
 *   <li>A pending {@link Fault} for the deployment, if any (so faults never hide a 401 or a 404; a status fault or a
 *       connection reset consumes no quota).</li>
 *   <li>The body: invalid JSON, a missing {@code input} or {@code messages}, {@code dimensions} on a model without
 *       them, more than 2,048 inputs, an empty input, an input over 8,191 estimated tokens or a request over 300,000
 *       are 400 (model errors in OpenAI's error shape, as Azure sends them).</li>
 *   <li>The deployment's {@link Quota}: Azure's profile (requests per 10 s, tokens per 60 s), one sliding window, or
 *       none. Each admitted request is charged 1 request and its estimated tokens ({@code ceil(characters / 4)} per
 *       input text, at least 1; for chat, the messages' text plus {@code max_tokens} when given). A request that does
 *       not fit is answered 429 with the delay headers of {@link Builder#throttleHeaders} (by default
 *       {@code retry-after}, whole seconds rounded up, and {@code retry-after-ms}) and Azure's body ("call rate
 *       limit" for requests, "token rate limit" for tokens); the delay is the time until enough earlier charges
 *       leave the window for it to fit. A 429 consumes no quota.</li>
 * </ol>
 * Every answer carries {@code apim-request-id} (a fresh UUID) and {@code x-ms-region}; every answer naming a
 * deployment with a limit also carries {@code x-ratelimit-remaining-requests} and/or
 * {@code x-ratelimit-remaining-tokens} (none for an unlimited dimension; none at all with
 * {@link Builder#remainingHeaders(boolean) remainingHeaders(false)}), except a provisioned deployment
 * ({@link Quota#provisioned(int, int, Duration)}), whose answers carry {@code azure-openai-deployment-utilization}
 * instead and whose 429s always carry {@code retry-after} and {@code retry-after-ms}. A configured latency delays
 * every answer.
 *
 * <p>Every request is recorded in the {@link #journal()}. The simulator can be {@linkplain #takeDown(Outage) taken
 * down} (503s, or refused connections) and {@linkplain #bringBack() brought back} mid-run. The simulator is
 * thread-safe.</p>
 */
public final class AzureOpenAISimulator implements AutoCloseable {

    /** The API key accepted when the builder names none. */
    public static final String DEFAULT_API_KEY = "sim-key-7f3c9a1e5b2d4068";

    /** The bearer token accepted when the builder names none. */
    public static final String DEFAULT_BEARER_TOKEN = "sim-token-4e8b2c6a0d1f3957";

    /**
     * The deployment served (without limits and without a model, so it serves both embeddings and chat completions)
     * when the builder configures none.
     */
    public static final String DEFAULT_DEPLOYMENT = "text-embedding-3-small";

    /** The embedding length when the builder names none: 256, smaller than the real 1536 for speed. */
    public static final int DEFAULT_EMBEDDING_DIMENSIONS = 256;

    /** The region reported in {@code x-ms-region} when the builder names none, written as Azure writes it. */
    public static final String DEFAULT_REGION = "Sweden Central";

    /** The window of deployments added with {@link Builder#deployment(String, int, int)} when the builder names none. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    /**
     * The {@code api-version} values accepted when the builder names none: every version azure-ai-openai
     * 1.0.0-beta.16's {@code OpenAIServiceVersion} sends, and Azure OpenAI's other published inference versions.
     */
    public static final List<String> DEFAULT_API_VERSIONS = ApiVersions.DEFAULT_ORDERED;

    /** How many pieces a streamed chat completion is sent in when the builder names none. */
    public static final int DEFAULT_STREAM_CHUNKS = 4;

    /** Over how long a streamed chat completion is sent when the builder names none. */
    public static final Duration DEFAULT_STREAM_SPREAD = Duration.ofMillis(40);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int CONTAINER_THREADS = 12;
    private static final int ASYNC_RESPONSE_THREADS = 2;

    private final Journal journal = new Journal();
    private final FaultQueue faults = new FaultQueue();
    private final SimulatorEngine engine;
    private final Map<HttpClientKind, HttpClient> httpClients = new EnumMap<>(HttpClientKind.class);
    /** Guards {@link #server}, {@link #outage} and {@link #closed}. */
    private final Object lifecycle = new Object();
    private final WireMockConfiguration options;
    private final int port;
    private WireMockServer server;
    private Outage outage;
    private boolean closed;

    private AzureOpenAISimulator(SimulatorSettings settings) {
        this.engine = new SimulatorEngine(settings, faults, journal::record);
        WireMockConfiguration options = WireMockConfiguration.options()
            .httpDisabled(true)
            .bindAddress(LOOPBACK)
            .http2PlainDisabled(true)
            .http2TlsDisabled(true)
            .keystorePath(SimulatorTls.keystoreUrl().toString()) // read in place: WireMock opens URLs
            .keystorePassword(SimulatorTls.keystorePassword())
            .keyManagerPassword(SimulatorTls.keyManagerPassword())
            .keystoreType(SimulatorTls.keystoreType())
            .notifier(new SilentNotifier())
            .containerThreads(CONTAINER_THREADS)
            .jettyAcceptors(1)
            .asynchronousResponseEnabled(true)
            .asynchronousResponseThreads(ASYNC_RESPONSE_THREADS)
            .disableRequestJournal()
            .stubRequestLoggingDisabled(true)
            .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.BODY_FILE)
            .gzipDisabled(true)
            .templatingEnabled(false)
            .extensionScanningEnabled(false)
            .mappingSource(new NoMappingsSource())
            .extensions(new SimulatorTransformer(engine), new ChunkedBodyTransformer());
        if (settings.port() == 0) {
            options.dynamicHttpsPort();
        } else {
            options.httpsPort(settings.port());
        }
        this.options = options;
        this.server = startServer(options);
        this.port = server.httpsPort();
        options.httpsPort(port); // a restart after REFUSE_CONNECTIONS listens on the same port
    }

    private static WireMockServer startServer(WireMockConfiguration options) {
        WireMockServer started = new WireMockServer(options);
        started.start(); // when the port cannot be bound, Jetty stops what it started before throwing
        started.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok()));
        return started;
    }

    /**
     * A builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a simulator with every default: key {@link #DEFAULT_API_KEY}, token {@link #DEFAULT_BEARER_TOKEN},
     * deployment {@link #DEFAULT_DEPLOYMENT} without limits, a dynamic port.
     *
     * @return the running simulator
     */
    public static AzureOpenAISimulator start() {
        return builder().start();
    }

    /**
     * The endpoint to pass to {@code OpenAIClientBuilder.endpoint(...)}.
     *
     * @return {@code https://localhost:PORT}
     */
    public String endpoint() {
        return "https://localhost:" + port();
    }

    /**
     * The HTTPS port the simulator listens on (on 127.0.0.1).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * A Netty-based azure-core HTTP client for this simulator; same as {@code httpClient(HttpClientKind.NETTY)}.
     *
     * @return the client (the same instance on every call)
     */
    public HttpClient httpClient() {
        return httpClient(HttpClientKind.NETTY);
    }

    /**
     * An azure-core HTTP client of a kind for this simulator: it trusts exactly the simulator's certificate (hostname
     * verification on), and also sends {@code https://api.openai.com/v1/...} to {@code https://localhost:PORT/v1/...},
     * so {@code OpenAIClientBuilder} in its non-Azure mode (a {@code KeyCredential} and no endpoint) reaches the
     * simulator.
     *
     * @param kind the client implementation
     * @return the client (one instance per kind for this simulator)
     */
    public HttpClient httpClient(HttpClientKind kind) {
        Objects.requireNonNull(kind, "kind");
        synchronized (httpClients) {
            return httpClients.computeIfAbsent(kind, k -> SimulatorHttpClients.create(k, port()));
        }
    }

    /**
     * A TLS client context that trusts exactly the simulator's certificate (issued for {@code localhost} and
     * {@code 127.0.0.1}), for clients that are not azure-core ones: for openai-java,
     * {@code OpenAIOkHttpClient.builder().sslSocketFactory(simulator.sslContext().getSocketFactory())
     * .trustManager(simulator.trustManager())}.
     *
     * @return the shared client {@link SSLContext}
     */
    public SSLContext sslContext() {
        return SimulatorTls.sslContext();
    }

    /**
     * A trust manager that trusts exactly the simulator's certificate and nothing else; the one {@link #sslContext()}
     * uses.
     *
     * @return the shared trust manager
     */
    public X509TrustManager trustManager() {
        return SimulatorTls.trustManager();
    }

    /**
     * The journal of received requests.
     *
     * @return the journal (the same instance for the simulator's life; {@link #reset()} clears it)
     */
    public Journal journal() {
        return journal;
    }

    /**
     * Plays a fault for the next {@code times} requests that pass authentication and name a configured deployment.
     * Faults queue in injection order; a request takes the oldest one that applies to it.
     *
     * @param fault the fault
     * @param times how many requests, at least 1
     */
    public void injectFault(Fault fault, int times) {
        faults.add(null, fault, times);
    }

    /**
     * Plays a fault for the next {@code times} requests to one deployment that pass authentication.
     *
     * @param deployment the deployment
     * @param fault the fault
     * @param times how many requests, at least 1
     */
    public void injectFault(String deployment, Fault fault, int times) {
        faults.add(Objects.requireNonNull(deployment, "deployment"), fault, times);
    }

    /**
     * Takes the simulator down until {@link #bringBack()}: every request is answered 503
     * ({@link Outage#SERVICE_UNAVAILABLE}, {@link Outage#serviceUnavailable(Duration)}; journalled), or connections to
     * its port are refused ({@link Outage#REFUSE_CONNECTIONS}: the listening socket and open connections are closed;
     * nothing is journalled, since nothing arrives). Taking down a simulator that is down replaces its outage. Quota
     * windows, pending faults and the journal are kept.
     *
     * @param outage how the simulator is down
     * @throws IllegalStateException if the simulator is closed
     */
    public void takeDown(Outage outage) {
        Objects.requireNonNull(outage, "outage");
        synchronized (lifecycle) {
            requireOpen();
            boolean refuse = outage.kind() == Outage.Kind.REFUSE_CONNECTIONS;
            engine.serviceUnavailable(refuse ? null : outage);
            if (refuse && server.isRunning()) {
                server.stop();
            } else if (!refuse) {
                listen();
            }
            this.outage = outage;
        }
    }

    /**
     * Ends an outage: the simulator answers normally again, listening on the same port as before (a client's
     * {@link #endpoint()} keeps working). Does nothing when the simulator is up. Rebinding the port can fail, with an
     * exception, if another process took it while the simulator refused connections.
     *
     * @throws IllegalStateException if the simulator is closed
     */
    public void bringBack() {
        synchronized (lifecycle) {
            requireOpen();
            listen();
            engine.serviceUnavailable(null);
            this.outage = null;
        }
    }

    /**
     * The current outage.
     *
     * @return the outage given to {@link #takeDown(Outage)}; empty when the simulator is up
     */
    public Optional<Outage> outage() {
        synchronized (lifecycle) {
            return Optional.ofNullable(outage);
        }
    }

    /**
     * Clears the journal, the quota windows and the pending faults, and ends an outage (see {@link #bringBack()}).
     */
    public void reset() {
        synchronized (lifecycle) {
            if (!closed && outage != null) {
                bringBack();
            }
        }
        faults.clear();
        engine.resetQuotas();
        journal.clear();
    }

    /**
     * Stops the server. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            if (server.isRunning()) {
                server.stop();
            }
        }
    }

    private void listen() {
        if (!server.isRunning()) {
            server = startServer(options);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the simulator is closed");
        }
    }

    /**
     * Configures and starts an {@link AzureOpenAISimulator}. Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> apiKeys = new LinkedHashSet<>(List.of(DEFAULT_API_KEY));
        private final Set<String> bearerTokens = new LinkedHashSet<>(List.of(DEFAULT_BEARER_TOKEN));
        private final Set<String> tokensWithoutRole = new LinkedHashSet<>();
        private final Map<String, Function<Duration, Deployment>> deployments = new LinkedHashMap<>();
        private final Set<String> apiVersions = new LinkedHashSet<>(DEFAULT_API_VERSIONS);
        private Duration window = DEFAULT_WINDOW;
        private int embeddingDimensions = DEFAULT_EMBEDDING_DIMENSIONS;
        private String region = DEFAULT_REGION;
        private Latency latency = Latency.fixed(Duration.ZERO);
        private ThrottleHeaders throttleHeaders = ThrottleHeaders.RETRY_AFTER_AND_MS;
        private boolean limitHeaders;
        private boolean remainingHeaders = true;
        private int streamChunks = DEFAULT_STREAM_CHUNKS;
        private Duration streamSpread = DEFAULT_STREAM_SPREAD;
        private int port;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The API keys accepted in the {@code api-key} header (replacing the default).
         *
         * @param keys at least one key
         * @return this builder
         */
        public Builder apiKeys(String... keys) {
            replace(apiKeys, keys, "keys");
            return this;
        }

        /**
         * The tokens accepted in {@code Authorization: Bearer <token>} (replacing the default).
         *
         * @param tokens at least one token
         * @return this builder
         */
        public Builder bearerTokens(String... tokens) {
            replace(bearerTokens, tokens, "tokens");
            return this;
        }

        /**
         * Adds (or replaces) a deployment without a model, limited by the {@link Quota.Profile#SLIDING_WINDOW}
         * profile: one window of {@link #window(Duration)} (default {@link #DEFAULT_WINDOW}) counting requests and
         * tokens. Same as {@code deployment(Deployment.of(name).withQuota(Quota.slidingWindow(requestsPerWindow,
         * tokensPerWindow, window)))}. For Azure's quota model use {@link #deployment(Deployment)} with
         * {@link Quota#azure(int)}. Once any deployment is configured, only the configured ones are served
         * ({@link #DEFAULT_DEPLOYMENT} is served only when none is).
         *
         * @param name the deployment name
         * @param requestsPerWindow requests allowed per window, 0 for unlimited
         * @param tokensPerWindow estimated tokens allowed per window, 0 for unlimited
         * @return this builder
         */
        public Builder deployment(String name, int requestsPerWindow, int tokensPerWindow) {
            Deployment plain = Deployment.of(name);
            Quota.slidingWindow(requestsPerWindow, tokensPerWindow, DEFAULT_WINDOW); // validates
            deployments.put(name, w -> requestsPerWindow == 0 && tokensPerWindow == 0 ? plain
                : plain.withQuota(Quota.slidingWindow(requestsPerWindow, tokensPerWindow, w)));
            return this;
        }

        /**
         * Adds (or replaces) a deployment: its model (which decides the operations it serves and whether it takes
         * {@code dimensions}) and its quota, e.g.
         * {@code Deployment.embeddings("emb", "text-embedding-3-small").withTokensPerMinute(120_000)} for Azure's
         * quota model. Once any deployment is configured, only the configured ones are served.
         *
         * @param deployment the deployment
         * @return this builder
         */
        public Builder deployment(Deployment deployment) {
            Objects.requireNonNull(deployment, "deployment");
            deployments.put(deployment.name(), w -> deployment);
            return this;
        }

        /**
         * The {@code api-version} values accepted on the Azure routes (replacing {@link #DEFAULT_API_VERSIONS}). A
         * request without one is answered 404, one with another version 400 {@code API version not supported}.
         *
         * @param versions at least one version
         * @return this builder
         */
        public Builder apiVersions(String... versions) {
            replace(apiVersions, versions, "versions");
            return this;
        }

        /**
         * Bearer tokens that authenticate a principal without a role on the resource: requests carrying one are
         * answered 401 {@code PermissionDenied} "Principal does not have access to API/Operation.", as Azure answers
         * an Entra ID principal that lacks "Cognitive Services OpenAI User".
         *
         * @param tokens at least one token
         * @return this builder
         */
        public Builder bearerTokensWithoutRole(String... tokens) {
            replace(tokensWithoutRole, tokens, "tokens");
            return this;
        }

        /**
         * Which delay headers the quota's own 429s carry (default {@link ThrottleHeaders#RETRY_AFTER_AND_MS}); the
         * other styles play the messy 429s Azure has sent.
         *
         * @param headers the style
         * @return this builder
         */
        public Builder throttleHeaders(ThrottleHeaders headers) {
            this.throttleHeaders = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /**
         * Whether answers for a limited deployment also carry {@code x-ratelimit-limit-requests} /
         * {@code x-ratelimit-limit-tokens} (the limit of the window the remaining count refers to) and
         * {@code x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens} (whole seconds until the oldest charge
         * leaves its window). Off by default, as Azure does not always send them.
         *
         * @param enabled whether to send them
         * @return this builder
         */
        public Builder limitHeaders(boolean enabled) {
            this.limitHeaders = enabled;
            return this;
        }

        /**
         * Whether answers for a limited deployment carry {@code x-ratelimit-remaining-requests} /
         * {@code x-ratelimit-remaining-tokens}. On by default, as Azure sends them. Off, with
         * {@code throttleHeaders(ThrottleHeaders.RETRY_AFTER_SECONDS_ONLY)} and {@code limitHeaders(false)}, the
         * simulator plays a server whose only rate-limit header is a whole-second {@code retry-after} on its 429s.
         *
         * @param enabled whether to send them
         * @return this builder
         */
        public Builder remainingHeaders(boolean enabled) {
            this.remainingHeaders = enabled;
            return this;
        }

        /**
         * How a streamed chat completion ({@code "stream": true}) is sent: its Server-Sent Events split into
         * {@code chunks} pieces, one every {@code spread / chunks} (defaults {@link #DEFAULT_STREAM_CHUNKS} and
         * {@link #DEFAULT_STREAM_SPREAD}).
         *
         * @param chunks at least 1
         * @param spread not negative
         * @return this builder
         */
        public Builder streaming(int chunks, Duration spread) {
            if (chunks < 1) {
                throw new IllegalArgumentException("chunks must be at least 1, was " + chunks);
            }
            Objects.requireNonNull(spread, "spread");
            if (spread.isNegative()) {
                throw new IllegalArgumentException("spread must not be negative, was " + spread);
            }
            this.streamChunks = chunks;
            this.streamSpread = spread;
            return this;
        }

        /**
         * The window of deployments added with {@link #deployment(String, int, int)}.
         *
         * @param window a positive duration
         * @return this builder
         */
        public Builder window(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("window must be positive, was " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * The length of every embedding vector.
         *
         * @param dims a positive number
         * @return this builder
         */
        public Builder embeddingDimensions(int dims) {
            if (dims <= 0) {
                throw new IllegalArgumentException("embeddingDimensions must be positive, was " + dims);
            }
            this.embeddingDimensions = dims;
            return this;
        }

        /**
         * The region reported in {@code x-ms-region}.
         *
         * @param region the region name
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * A latency added to every response.
         *
         * @param latency a non-negative duration
         * @return this builder
         */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, was " + latency);
            }
            this.latency = Latency.fixed(latency);
            return this;
        }

        /**
         * A latency drawn for every answer uniformly from {@code [min, max]} (whole milliseconds) by a generator
         * seeded with {@code seed}, so a run can be replayed.
         *
         * @param min the smallest latency, not negative
         * @param max the largest latency, not below {@code min}
         * @param seed the seed
         * @return this builder
         */
        public Builder latency(Duration min, Duration max, long seed) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            this.latency = new Latency(min, max, seed);
            return this;
        }

        /**
         * The HTTPS port to listen on.
         *
         * @param port 0 for a dynamic port (the default), or 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The clock for arrival times and quota windows; for the testkit's own deterministic tests.
         *
         * @param clock the clock
         * @return this builder
         */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts a simulator with this configuration.
         *
         * @return the running simulator
         */
        public AzureOpenAISimulator start() {
            Map<String, Deployment> served = new LinkedHashMap<>();
            if (deployments.isEmpty()) {
                served.put(DEFAULT_DEPLOYMENT, Deployment.of(DEFAULT_DEPLOYMENT));
            }
            deployments.forEach((name, deployment) -> served.put(name, deployment.apply(window)));
            return new AzureOpenAISimulator(new SimulatorSettings(apiKeys, bearerTokens, tokensWithoutRole, served,
                embeddingDimensions, region, latency, port, clock, apiVersions, throttleHeaders, limitHeaders,
                remainingHeaders, streamChunks, streamSpread));
        }

        private static void replace(Set<String> target, String[] values, String name) {
            Set<String> copy = Deployment.credentials(values, name);
            target.clear();
            target.addAll(copy);
        }
    }
}
