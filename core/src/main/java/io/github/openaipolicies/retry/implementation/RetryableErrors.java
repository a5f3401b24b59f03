// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Which errors are worth a retry, judged from the whole cause chain. Pure.
 *
 * <p>{@link Kind#UNFIXABLE}, never retried, even inside an I/O error: a configuration error that a retry cannot fix.
 * That is a failed certificate or security check ({@link SSLPeerUnverifiedException}, or any
 * {@link GeneralSecurityException} such as a {@code CertificateException} or {@code CertPathValidatorException}), a
 * failed TLS handshake ({@link SSLHandshakeException}) unless the connection dropped or timed out during it (an
 * {@link EOFException}, {@link SocketException}, {@link ClosedChannelException} or {@link TimeoutException} under it,
 * or Netty's {@code SslHandshakeTimeoutException}), an unknown host ({@link UnknownHostException}, also when DNS
 * fails for a moment) and a malformed URL ({@link MalformedURLException}).</p>
 *
 * <p>{@link Kind#TRANSIENT}, retried: any other I/O error ({@link IOException}, which includes reactor-netty's
 * {@code PrematureCloseException}, the JDK client's {@code HttpTimeoutException} and a refused connection,
 * {@code ConnectException}) and timeouts ({@link TimeoutException}). A refused connection is retried on purpose: no
 * request reached the server, so a retry is safe, and it is what a restarting server or a rolling deployment looks
 * like. An {@code UncheckedIOException}, as sync clients throw, is judged by its cause; so is any other wrapper
 * (Reactor's, a {@code CompletionException}): the whole cause chain is read.</p>
 *
 * <p>{@link Kind#OTHER}, not retried: everything else (a bug, an illegal argument).</p>
 */
public final class RetryableErrors {
    /** What kind of error an attempt failed with. */
    public enum Kind {
        /** An I/O error or a timeout that a retry may cure. */
        TRANSIENT,
        /** A certificate, TLS handshake, unknown-host or malformed-URL error: a retry cannot cure it. */
        UNFIXABLE,
        /** Neither an I/O error nor a timeout. */
        OTHER
    }

    private RetryableErrors() {
    }

    /**
     * Classifies the error an attempt failed with.
     *
     * @param error the error
     * @return its kind
     */
    public static Kind classify(Throwable error) {
        List<Throwable> chain = causeChain(error);
        for (int i = 0; i < chain.size(); i++) {
            if (isUnfixable(chain.get(i), chain.subList(i + 1, chain.size()))) {
                return Kind.UNFIXABLE;
            }
        }
        for (Throwable cause : chain) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.OTHER;
    }

    private static boolean isUnfixable(Throwable error, List<Throwable> causes) {
        if (error instanceof SSLHandshakeException) {
            return !droppedOrTimedOut(error, causes);
        }
        return error instanceof SSLPeerUnverifiedException || error instanceof GeneralSecurityException
            || error instanceof UnknownHostException || error instanceof MalformedURLException;
    }

    private static boolean droppedOrTimedOut(Throwable handshakeError, List<Throwable> causes) {
        if (handshakeError.getClass().getSimpleName().endsWith("TimeoutException")) {
            return true;
        }
        for (Throwable cause : causes) {
            if (cause instanceof EOFException || cause instanceof SocketException
                || cause instanceof ClosedChannelException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static List<Throwable> causeChain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
