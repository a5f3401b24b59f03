// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.implementation.gate.AzureRequestView;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThrottleGateOptionsTest {
    @Test
    void defaults() {
        ThrottleGateOptions options = new ThrottleGateOptions();

        assertThat(options.getMaxWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.getInitialAdmission()).isEqualTo(4);
        assertThat(options.getMaxRetryAfter()).isEqualTo(RetryAfterOptions.DEFAULT_MAX_RETRY_AFTER);
        assertThat(options.getCounterValidity()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.getIdleKeyTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.getQuotaKeyResolver().apply(new AzureRequestView(new HttpRequest(HttpMethod.POST,
            "https://r.openai.azure.com/openai/deployments/d/embeddings?api-version=1"))))
            .isEqualTo("https://r.openai.azure.com:443/openai/deployments/d");
    }

    @Test
    void settersValidateWithAMessageNamingTheOption() {
        ThrottleGateOptions options = new ThrottleGateOptions();

        assertThatThrownBy(() -> options.setMaxWait(Duration.ZERO)).hasMessageContaining("'maxWait' must be positive");
        assertThatThrownBy(() -> options.setInitialAdmission(0))
            .hasMessageContaining("'initialAdmission' must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> options.setInitialAdmission(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.setMaxRetryAfter(Duration.ofSeconds(-1)))
            .hasMessageContaining("'maxRetryAfter' must not be negative");
        assertThatThrownBy(() -> options.setCounterValidity(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("'counterValidity'");
        assertThatThrownBy(() -> options.setIdleKeyTimeout(Duration.ofMillis(-5)))
            .hasMessageContaining("'idleKeyTimeout' must be positive");
        assertThatThrownBy(() -> options.setQuotaKeyResolver(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aGateCopiesItsOptions() {
        ThrottleGateOptions options = new ThrottleGateOptions().setQuotaKeyResolver(request -> "one");
        ThrottleGate gate = ThrottleGate.create(options);
        options.setQuotaKeyResolver(request -> "two");

        assertThat(gate.quotaKey(new AzureRequestView(new HttpRequest(HttpMethod.GET, "https://x")))).isEqualTo("one");
    }

    @Test
    void pipelineOptionsDefaultToTheSharedGateAndNullTurnsItOff() {
        OpenAIPipelineOptions options = new OpenAIPipelineOptions();
        assertThat(options.getThrottleGate()).isSameAs(ThrottleGate.shared()).isNotSameAs(ThrottleGate.create());
        assertThat(options.getRetryOptions().getMaxRetries()).isEqualTo(RetryAfterOptions.DEFAULT_MAX_RETRIES);
        assertThat(options.getLoggingOptions().getMaxBodyLogSize())
            .isEqualTo(RequestLoggingOptions.DEFAULT_MAX_BODY_LOG_SIZE);

        RetryAfterOptions retry = new RetryAfterOptions().setMaxRetries(2);
        RequestLoggingOptions logging = new RequestLoggingOptions();
        assertThat(options.setThrottleGate(null).setRetryOptions(retry).setLoggingOptions(logging)).isSameAs(options);
        assertThat(options.getThrottleGate()).isNull();
        assertThat(options.getRetryOptions()).isSameAs(retry);
        assertThat(options.getLoggingOptions()).isSameAs(logging);
        assertThatThrownBy(() -> options.setRetryOptions(null)).isInstanceOf(NullPointerException.class);
    }
}
