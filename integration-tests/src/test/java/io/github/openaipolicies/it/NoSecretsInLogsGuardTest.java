// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.it.support.CapturingAppender;
import io.github.openaipolicies.it.support.NoSecretsInLogsExtension;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite-wide secret search can fail: a value logged through azure-core's {@code ClientLogger} at its most
 * verbose level, as a key-value pair or inside an exception message, is found in the capture.
 */
class NoSecretsInLogsGuardTest {
    private static final ClientLogger LOGGER = new ClientLogger(NoSecretsInLogsGuardTest.class);

    @Test
    void aValueLoggedAtVerboseLevelIsFound() {
        String planted = "planted-value-for-the-guard-" + System.nanoTime();
        LOGGER.atVerbose().addKeyValue("header", planted).log("a policy that should not have logged this");

        assertThat(NoSecretsInLogsExtension.leaks(CapturingAppender.events(), List.of(planted))).hasSize(1);
    }

    @Test
    void aValueInsideALoggedExceptionIsFound() {
        String planted = "planted-exception-value-" + System.nanoTime();
        LOGGER.atWarning().log("a failed attempt", new IllegalStateException("cause mentions " + planted));

        assertThat(NoSecretsInLogsExtension.leaks(CapturingAppender.events(), List.of(planted))).hasSize(1);
    }

    @Test
    void aValueNeverLoggedIsNotFound() {
        assertThat(NoSecretsInLogsExtension.leaks(CapturingAppender.events(), List.of("never-logged-" + System.nanoTime())))
            .isEmpty();
    }
}
