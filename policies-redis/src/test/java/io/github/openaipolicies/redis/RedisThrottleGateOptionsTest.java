// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lease margin: its default, its validation and its copy. */
class RedisThrottleGateOptionsTest {
    @Test
    void theLeaseMarginDefaultsToTenSecondsMustBePositiveAndIsCopied() {
        RedisThrottleGateOptions options = new RedisThrottleGateOptions();
        assertThat(options.getLeaseMargin()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> options.setLeaseMargin(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseMargin");
        assertThatThrownBy(() -> options.setLeaseMargin(null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("leaseMargin");

        options.setLeaseMargin(Duration.ofSeconds(3));
        RedisThrottleGateOptions copy = new RedisThrottleGateOptions(options);
        assertThat(copy.getLeaseMargin()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.toString()).contains("leaseMargin=PT3S");
    }
}
