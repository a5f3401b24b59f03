// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule spanning two {@link RetryAfterOptions} (moved to the core), as {@link RetryAfterPolicy} applies it. */
class RetryAfterPolicyOptionsTest {
    @Test
    void baseDelayAboveMaxDelayIsRejectedWhenThePolicyIsBuiltWhateverTheSetterOrder() {
        // Base first, above the default maximum of 8 s, then the maximum: valid once both are set.
        RetryAfterOptions options = new RetryAfterOptions().setBaseDelay(Duration.ofSeconds(10))
            .setMaxDelay(Duration.ofSeconds(20));
        assertThat(firstBackoffMillis(options)).isEqualTo(8_000L);

        options.setMaxDelay(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new RetryAfterPolicy(options)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'baseDelay' (PT10S) must not exceed 'maxDelay' (PT5S)");

        // The other order: maximum below the default base first, then the base.
        RetryAfterOptions reversed = new RetryAfterOptions().setMaxDelay(Duration.ofMillis(300))
            .setBaseDelay(Duration.ofMillis(200));
        assertThat(firstBackoffMillis(reversed)).isEqualTo(160L);
    }

    /** The wait before the first retry of a 503 without a server delay, jitter factor 0.8, in virtual time. */
    private static long firstBackoffMillis(RetryAfterOptions options) {
        try (VirtualTimeHarness harness = new VirtualTimeHarness()) {
            ScriptedHttpClient client = new ScriptedHttpClient().respond(503).respond(200);
            harness.send(VirtualTimeHarness.Path.SYNC, harness.pipeline(harness.policy(options), client), request());
            return harness.delaysBetweenAttempts().get(0);
        }
    }

    private static HttpRequest request() {
        return new HttpRequest(HttpMethod.POST, "https://example.openai.azure.com/openai/deployments/d/embeddings")
            .setBody("{}");
    }
}
