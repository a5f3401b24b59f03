// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import reactor.core.Exceptions;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Which errors are worth a retry: I/O errors ({@link IOException}, which includes reactor-netty's
 * {@code PrematureCloseException} and the JDK client's {@code HttpTimeoutException}) and timeouts
 * ({@link TimeoutException}), anywhere in the cause chain. An {@code UncheckedIOException}, as sync clients throw,
 * always has an {@link IOException} cause, so it is retried too. Pure.
 */
public final class RetryableErrors {
    private RetryableErrors() {
    }

    /**
     * Whether the error, or one of its causes, is an I/O error or a timeout.
     *
     * @param error the error an attempt failed with
     * @return true when a retry may help
     */
    public static boolean isRetryable(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = Exceptions.unwrap(error); cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
