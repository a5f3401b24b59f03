// Licensed under the MIT License.
package io.github.openaipolicies.gate;

import io.github.openaipolicies.retry.RetryAfterOptions;
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
        assertThat(options.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ThrottleGateOptions.DEFAULT_MAX_RETRY_AFTER).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.getCounterValidity()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.getIdleKeyTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.getQuotaKeyResolver().apply(view("POST",
            "https://r.openai.azure.com/openai/deployments/d/embeddings?api-version=1")))
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
    void settersAreFluentAndTakeTheBoundsOfTheirRange() {
        ThrottleGateOptions options = new ThrottleGateOptions();

        assertThat(options.setMaxWait(Duration.ofSeconds(5))).isSameAs(options);
        assertThat(options.setInitialAdmission(1)).isSameAs(options);
        assertThat(options.getInitialAdmission()).isEqualTo(1);
        assertThat(options.setInitialAdmission(ThrottleGateOptions.MAX_INITIAL_ADMISSION)).isSameAs(options);
        assertThat(options.getInitialAdmission()).isEqualTo(1000);
        assertThat(options.setMaxRetryAfter(Duration.ZERO)).isSameAs(options);
        assertThat(options.getMaxRetryAfter()).isEqualTo(Duration.ZERO);
        assertThat(options.setCounterValidity(Duration.ofMillis(1))).isSameAs(options);
        assertThat(options.setIdleKeyTimeout(Duration.ofMinutes(1))).isSameAs(options);
        assertThat(options).hasToString("ThrottleGateOptions{maxWait=PT5S, initialAdmission=1000, maxRetryAfter=PT0S,"
            + " counterValidity=PT0.001S, idleKeyTimeout=PT1M}");
    }

    @Test
    void aGateCopiesItsOptions() {
        ThrottleGateOptions options = new ThrottleGateOptions().setQuotaKeyResolver(request -> "one");
        ThrottleGate gate = ThrottleGate.create(options);
        options.setQuotaKeyResolver(request -> "two");

        assertThat(gate.quotaKey(view("GET", "https://x"))).isEqualTo("one");
    }

    /** A request of {@code url}, without headers or body. */
    private static RequestView view(String method, String url) {
        return new RequestView() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String header(String name) {
                return null;
            }
        };
    }
}
