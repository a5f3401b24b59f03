package io.github.openaipolicies.testkit;

import com.azure.core.http.HttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An in-process Azure OpenAI simulator: a WireMock server on a dynamic (or chosen) HTTPS port bound to 127.0.0.1.
 *
 * <p>Skeleton: the server is not implemented yet.</p>
 */
public final class AzureOpenAISimulator implements AutoCloseable {

    /** The API key accepted when the builder names none. */
    public static final String DEFAULT_API_KEY = "sim-key-7f3c9a1e5b2d4068";

    /** The bearer token accepted when the builder names none. */
    public static final String DEFAULT_BEARER_TOKEN = "sim-token-4e8b2c6a0d1f3957";

    /** The deployment served (unlimited) when the builder names none; it serves embeddings and chat. */
    public static final String DEFAULT_DEPLOYMENT = "text-embedding-3-small";

    /** The embedding length when the builder names none: 256, small for speed. */
    public static final int DEFAULT_EMBEDDING_DIMENSIONS = 256;

    /** The region reported in {@code x-ms-region} when the builder names none. */
    public static final String DEFAULT_REGION = "swedencentral";

    /** The quota window when the builder names none. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    private AzureOpenAISimulator(Builder builder) {
        throw new UnsupportedOperationException("not implemented yet");
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
     * Starts a simulator with every default.
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
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The HTTPS port the simulator listens on.
     *
     * @return the port
     */
    public int port() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * A Netty-based azure-core HTTP client trusting exactly the simulator's certificate.
     *
     * @return the client
     */
    public HttpClient httpClient() {
        return httpClient(HttpClientKind.NETTY);
    }

    /**
     * An azure-core HTTP client of a kind, trusting exactly the simulator's certificate (hostname verification on),
     * that also sends {@code https://api.openai.com/v1/...} to this simulator.
     *
     * @param kind the client implementation
     * @return the client
     */
    public HttpClient httpClient(HttpClientKind kind) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The journal of received requests.
     *
     * @return the journal
     */
    public Journal journal() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Plays a fault for the next {@code times} requests that pass authentication and name a configured deployment.
     *
     * @param fault the fault
     * @param times how many requests, at least 1
     */
    public void injectFault(Fault fault, int times) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Plays a fault for the next {@code times} requests to one deployment that pass authentication.
     *
     * @param deployment the deployment
     * @param fault the fault
     * @param times how many requests, at least 1
     */
    public void injectFault(String deployment, Fault fault, int times) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Clears the journal, the quota windows and the pending faults.
     */
    public void reset() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Stops the server.
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Configures and starts an {@link AzureOpenAISimulator}. Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> apiKeys = new LinkedHashSet<>(List.of(DEFAULT_API_KEY));
        private final Set<String> bearerTokens = new LinkedHashSet<>(List.of(DEFAULT_BEARER_TOKEN));
        private final Map<String, int[]> deployments = new LinkedHashMap<>();
        private Duration window = DEFAULT_WINDOW;
        private int embeddingDimensions = DEFAULT_EMBEDDING_DIMENSIONS;
        private String region = DEFAULT_REGION;
        private Duration latency = Duration.ZERO;
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
         * Adds (or replaces) a deployment with its limits per window.
         *
         * @param name the deployment name
         * @param requestsPerWindow requests allowed per window, 0 for unlimited
         * @param tokensPerWindow estimated tokens allowed per window, 0 for unlimited
         * @return this builder
         */
        public Builder deployment(String name, int requestsPerWindow, int tokensPerWindow) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("deployment name must not be blank");
            }
            if (requestsPerWindow < 0) {
                throw new IllegalArgumentException("requestsPerWindow must be >= 0, was " + requestsPerWindow);
            }
            if (tokensPerWindow < 0) {
                throw new IllegalArgumentException("tokensPerWindow must be >= 0, was " + tokensPerWindow);
            }
            deployments.put(name, new int[] {requestsPerWindow, tokensPerWindow});
            return this;
        }

        /**
         * The length of the quota window.
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
            this.latency = latency;
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
            return new AzureOpenAISimulator(this);
        }

        private static void replace(Set<String> target, String[] values, String name) {
            Objects.requireNonNull(values, name);
            if (values.length == 0) {
                throw new IllegalArgumentException(name + " must name at least one value");
            }
            Set<String> copy = new LinkedHashSet<>();
            for (String value : values) {
                Objects.requireNonNull(value, name + " must not contain null");
                if (value.isBlank() || value.contains(",")) {
                    throw new IllegalArgumentException(name + " must not contain a blank value or a comma");
                }
                copy.add(value);
            }
            target.clear();
            target.addAll(copy);
        }
    }
}
