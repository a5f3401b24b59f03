// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.retry.implementation.RetryableErrors.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RetryableErrorsTest {
    static Stream<Arguments> unfixable() {
        return Stream.of(
            Arguments.of("untrusted certificate, as the JDK reports it",
                handshake("PKIX path building failed", new CertificateException("unable to find valid cert path"))),
            Arguments.of("the same, thrown by a sync client", new UncheckedIOException(
                handshake("PKIX path building failed", new CertificateException("no path")))),
            Arguments.of("a handshake refused for another reason (no common cipher)",
                new SSLHandshakeException("Received fatal alert: handshake_failure")),
            Arguments.of("hostname mismatch", new SSLPeerUnverifiedException("Hostname localhost not verified")),
            Arguments.of("a certificate exception wrapped in a plain I/O error",
                new IOException(new CertificateException("expired"))),
            Arguments.of("an expired certificate path", new RuntimeException(
                new CertPathValidatorException("validity check failed"))),
            Arguments.of("unknown host", new UnknownHostException("nonexistent.openai.azure.com")),
            Arguments.of("unknown host, sync", new UncheckedIOException(new UnknownHostException("x.invalid"))),
            Arguments.of("unknown host under an async wrapper", new CompletionException(
                new UnknownHostException("x.invalid"))),
            Arguments.of("malformed URL", new MalformedURLException("no protocol: my-resource.openai.azure.com")));
    }

    static Stream<Arguments> transientErrors() {
        return Stream.of(
            Arguments.of("connection refused (decided: retried)", new ConnectException("Connection refused")),
            Arguments.of("connection refused, sync", new UncheckedIOException(new ConnectException("refused"))),
            Arguments.of("no route to host", new NoRouteToHostException("No route to host")),
            Arguments.of("connection reset", new SocketException("Connection reset")),
            Arguments.of("peer closed the connection during the handshake",
                handshake("Remote host terminated the handshake", new EOFException("SSL peer shut down"))),
            Arguments.of("connection reset during the handshake",
                handshake("handshake failed", new SocketException("Connection reset"))),
            Arguments.of("channel closed during the handshake",
                handshake("handshake failed", new ClosedChannelException())),
            Arguments.of("handshake timed out, Netty style", new SslHandshakeTimeoutException()),
            Arguments.of("handshake timed out, by cause", handshake("handshake", new TimeoutException())),
            Arguments.of("premature close", new IOException("Connection prematurely closed BEFORE response")),
            Arguments.of("timeout", new TimeoutException()),
            Arguments.of("timeout wrapped", new RuntimeException(new TimeoutException())));
    }

    static Stream<Arguments> otherErrors() {
        return Stream.of(
            Arguments.of("a bug", new IllegalStateException("bug")),
            Arguments.of("an illegal argument", new IllegalArgumentException("bad")),
            Arguments.of("a security manager refusal", new SecurityException("denied")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unfixable")
    void errorsNoRetryCanFixAreUnfixable(String name, Throwable error) {
        assertThat(RetryableErrors.classify(error)).isEqualTo(Kind.UNFIXABLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientErrors")
    void ioErrorsAndTimeoutsAreTransient(String name, Throwable error) {
        assertThat(RetryableErrors.classify(error)).isEqualTo(Kind.TRANSIENT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherErrors")
    void everythingElseIsOther(String name, Throwable error) {
        assertThat(RetryableErrors.classify(error)).isEqualTo(Kind.OTHER);
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException error = new SSLHandshakeException(message);
        error.initCause(cause);
        return error;
    }

    /** Stands in for Netty's {@code SslHandshakeTimeoutException}, an {@link SSLHandshakeException}. */
    private static final class SslHandshakeTimeoutException extends SSLHandshakeException {
        private static final long serialVersionUID = 1L;

        SslHandshakeTimeoutException() {
            super("handshake timed out after 10000ms");
        }
    }
}
