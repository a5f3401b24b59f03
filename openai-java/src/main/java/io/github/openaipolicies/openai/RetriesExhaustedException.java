// Licensed under the MIT License.
package io.github.openaipolicies.openai;

import com.openai.errors.OpenAIException;

/**
 * A call through {@link OpenAIJavaPolicies} ended in an I/O error that the policies did not retry again: the retries
 * or the call's budget were used up, or the error is one no retry can fix. The last error is the cause.
 *
 * <p>It is an {@link OpenAIException}, so code that catches openai-java's exceptions catches it too, but not one of
 * the types openai-java's own retry retries ({@code IOException}, {@code OpenAIIoException},
 * {@code OpenAIRetryableException}): the call is not retried a second time above the policies.</p>
 */
public final class RetriesExhaustedException extends OpenAIException {
    private static final long serialVersionUID = 1L;

    /** How many attempts the call made. */
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param attempts how many attempts the call made
     * @param lastError the error of the last attempt
     */
    public RetriesExhaustedException(int attempts, Throwable lastError) {
        super("The call failed after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ": " + lastError,
            lastError);
        this.attempts = attempts;
    }

    /**
     * How many attempts the call made before it ended.
     *
     * @return the attempts, at least 1
     */
    public int getAttempts() {
        return attempts;
    }
}
