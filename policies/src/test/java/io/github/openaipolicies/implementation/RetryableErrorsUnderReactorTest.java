// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import io.github.openaipolicies.retry.implementation.RetryableErrors;
import io.github.openaipolicies.retry.implementation.RetryableErrors.Kind;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's {@link RetryableErrors} reads the whole cause chain, so an error Reactor wrapped (a checked exception
 * through {@link Exceptions#propagate}) is classified as the error itself, as it was when the policy unwrapped it.
 */
class RetryableErrorsUnderReactorTest {
    @Test
    void anUnknownHostUnderAReactiveWrapperIsUnfixable() {
        assertThat(RetryableErrors.classify(Exceptions.propagate(new UnknownHostException("x.invalid"))))
            .isEqualTo(Kind.UNFIXABLE);
    }

    @Test
    void aTimeoutUnderAReactiveWrapperIsTransient() {
        assertThat(RetryableErrors.classify(Exceptions.propagate(new TimeoutException()))).isEqualTo(Kind.TRANSIENT);
    }
}
