package io.github.openaipolicies.testkit;

/**
 * The azure-core HTTP transports the simulator can hand out a client for, each set up to trust exactly the
 * simulator's certificate.
 */
public enum HttpClientKind {
    /** {@code com.azure:azure-core-http-netty} (Reactor Netty), azure-core's default transport. */
    NETTY,
    /** {@code com.azure:azure-core-http-okhttp} (OkHttp 4). */
    OKHTTP,
    /** {@code com.azure:azure-core-http-jdk-httpclient} ({@code java.net.http.HttpClient}). */
    JDK
}
