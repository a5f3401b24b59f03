package io.github.openaipolicies.testkit.implementation;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.core.util.Configuration;
import io.github.openaipolicies.testkit.HttpClientKind;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Creates the azure-core {@link HttpClient}s that talk to the simulator: one per {@link HttpClientKind}, each trusting
 * exactly the simulator's certificate ({@link SimulatorTls}) with hostname verification on, and each wrapped in an
 * {@link OpenAIHostRewritingHttpClient} so that requests for {@code https://api.openai.com} reach the simulator too.
 *
 * <p>Every call builds a new client; callers cache them. The clients of one kind share a small connection pool
 * (connections are pooled per simulator address) and, for OkHttp, one executor of daemon threads, so neither a
 * simulator that is started and closed per test class nor an OkHttp client keeps resources or the JVM alive. Proxy
 * settings from the environment are ignored ({@link Configuration#NONE}): the simulator is always on loopback.
 */
public final class SimulatorHttpClients {

    /** Most connections one client keeps open to the simulator. */
    public static final int MAX_CONNECTIONS = 32;

    private static final Duration MAX_IDLE_TIME = Duration.ofSeconds(30);

    private static final class NettyShared {
        static final ConnectionProvider POOL = ConnectionProvider.builder("openai-simulator")
            .maxConnections(MAX_CONNECTIONS)
            // A bulk test fires hundreds of calls at once; they wait for a connection instead of failing with
            // reactor-netty's default limit of 2 x maxConnections pending acquires.
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(MAX_IDLE_TIME)
            .build();
        static final SslContext SSL_CONTEXT = nettySslContext();
    }

    static final class OkHttpShared {
        static final ConnectionPool POOL =
            new ConnectionPool(MAX_CONNECTIONS, MAX_IDLE_TIME.toMillis(), TimeUnit.MILLISECONDS);
        static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(daemonThreads("openai-simulator-okhttp-"));
    }

    private SimulatorHttpClients() {
    }

    /**
     * Creates a client of the given kind for a simulator listening on {@code https://localhost:httpsPort}.
     *
     * @param kind the transport to use
     * @param httpsPort the simulator's HTTPS port
     * @return a new client trusting exactly the simulator's certificate and sending OpenAI requests to the simulator
     * @throws NullPointerException if {@code kind} is null
     * @throws IllegalArgumentException if {@code httpsPort} is not a TCP port
     */
    public static HttpClient create(HttpClientKind kind, int httpsPort) {
        Objects.requireNonNull(kind, "'kind' cannot be null.");
        if (httpsPort < 1 || httpsPort > 65535) {
            throw new IllegalArgumentException("'httpsPort' must be in 1..65535, was " + httpsPort);
        }
        return new OpenAIHostRewritingHttpClient(createTransport(kind), httpsPort);
    }

    private static HttpClient createTransport(HttpClientKind kind) {
        switch (kind) {
            case NETTY:
                return netty();
            case OKHTTP:
                return okHttp();
            case JDK:
                return jdk();
            default:
                throw new IllegalArgumentException("unknown HttpClientKind " + kind);
        }
    }

    private static HttpClient netty() {
        reactor.netty.http.client.HttpClient nettyClient =
            reactor.netty.http.client.HttpClient.create(NettyShared.POOL)
                .secure(spec -> spec.sslContext(NettyShared.SSL_CONTEXT));
        return new NettyAsyncHttpClientBuilder(nettyClient).configuration(Configuration.NONE).build();
    }

    private static SslContext nettySslContext() {
        try {
            return SslContextBuilder.forClient().trustManager(SimulatorTls.trustManager()).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the Netty SslContext for the simulator", e);
        }
    }

    private static HttpClient okHttp() {
        Dispatcher dispatcher = new Dispatcher(OkHttpShared.EXECUTOR);
        dispatcher.setMaxRequests(MAX_CONNECTIONS);
        dispatcher.setMaxRequestsPerHost(MAX_CONNECTIONS);
        OkHttpClient okHttpClient = new OkHttpClient.Builder()
            .sslSocketFactory(SimulatorTls.sslContext().getSocketFactory(), SimulatorTls.trustManager())
            .connectionPool(OkHttpShared.POOL)
            .dispatcher(dispatcher)
            .build();
        return new OkHttpAsyncHttpClientBuilder(okHttpClient).configuration(Configuration.NONE).build();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static HttpClient jdk() {
        java.net.http.HttpClient.Builder jdkBuilder = java.net.http.HttpClient.newBuilder()
            .sslContext(SimulatorTls.sslContext());
        return new JdkHttpClientBuilder(jdkBuilder).configuration(Configuration.NONE).build();
    }
}
