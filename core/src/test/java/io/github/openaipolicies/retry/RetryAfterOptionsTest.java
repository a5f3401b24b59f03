// Licensed under the MIT License.
package io.github.openaipolicies.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryAfterOptionsTest {
    @Test
    void hasTheDocumentedDefaults() {
        RetryAfterOptions options = new RetryAfterOptions();
        assertThat(options.getMaxRetries()).isEqualTo(10);
        assertThat(options.getBaseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.getMaxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(options.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.getTimeout()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void settersAreFluentAndStoreTheirValue() {
        RetryAfterOptions options = new RetryAfterOptions();
        assertThat(options.setMaxRetries(3)).isSameAs(options);
        assertThat(options.setBaseDelay(Duration.ofSeconds(1))).isSameAs(options);
        assertThat(options.setMaxDelay(Duration.ofSeconds(20))).isSameAs(options);
        assertThat(options.setMaxRetryAfter(Duration.ofSeconds(90))).isSameAs(options);
        assertThat(options.setTimeout(Duration.ofMinutes(10))).isSameAs(options);

        assertThat(options.getMaxRetries()).isEqualTo(3);
        assertThat(options.getBaseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.getMaxDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.getTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void zeroRetriesAndZeroMaxRetryAfterAreAllowed() {
        RetryAfterOptions options = new RetryAfterOptions().setMaxRetries(0).setMaxRetryAfter(Duration.ZERO);
        assertThat(options.getMaxRetries()).isZero();
        assertThat(options.getMaxRetryAfter()).isZero();
    }

    @Test
    void rejectsNegativeRetries() {
        assertRejected(o -> o.setMaxRetries(-1), IllegalArgumentException.class, "maxRetries");
    }

    @Test
    void rejectsNullDurations() {
        assertRejected(o -> o.setBaseDelay(null), NullPointerException.class, "baseDelay");
        assertRejected(o -> o.setMaxDelay(null), NullPointerException.class, "maxDelay");
        assertRejected(o -> o.setMaxRetryAfter(null), NullPointerException.class, "maxRetryAfter");
        assertRejected(o -> o.setTimeout(null), NullPointerException.class, "timeout");
    }

    @Test
    void rejectsZeroOrNegativeDurationsWhereTheyMeanNothing() {
        assertRejected(o -> o.setBaseDelay(Duration.ZERO), IllegalArgumentException.class, "baseDelay");
        assertRejected(o -> o.setBaseDelay(Duration.ofMillis(-1)), IllegalArgumentException.class, "baseDelay");
        assertRejected(o -> o.setMaxDelay(Duration.ZERO), IllegalArgumentException.class, "maxDelay");
        assertRejected(o -> o.setTimeout(Duration.ZERO), IllegalArgumentException.class, "timeout");
        assertRejected(o -> o.setTimeout(Duration.ofSeconds(-5)), IllegalArgumentException.class, "timeout");
        assertRejected(o -> o.setMaxRetryAfter(Duration.ofSeconds(-1)), IllegalArgumentException.class,
            "maxRetryAfter");
    }

    @Test
    void aRejectedValueLeavesTheOptionsUnchanged() {
        RetryAfterOptions options = new RetryAfterOptions();
        assertThatThrownBy(() -> options.setTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(options.getTimeout()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void theCopyConstructorCopiesEveryValueAndIsIndependent() {
        RetryAfterOptions original = new RetryAfterOptions().setMaxRetries(2).setBaseDelay(Duration.ofSeconds(1))
            .setMaxDelay(Duration.ofSeconds(4)).setMaxRetryAfter(Duration.ofSeconds(5))
            .setTimeout(Duration.ofSeconds(6));
        RetryAfterOptions copy = new RetryAfterOptions(original);
        original.setMaxRetries(7).setTimeout(Duration.ofSeconds(60));

        assertThat(copy.getMaxRetries()).isEqualTo(2);
        assertThat(copy.getBaseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(copy.getMaxDelay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(copy.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(copy.getTimeout()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void toStringShowsEveryValue() {
        assertThat(new RetryAfterOptions().setMaxRetries(2).toString()).isEqualTo("RetryAfterOptions{maxRetries=2, "
            + "baseDelay=PT0.5S, maxDelay=PT8S, maxRetryAfter=PT1M, timeout=PT3M}");
    }

    private static void assertRejected(Consumer<RetryAfterOptions> change, Class<? extends Exception> type,
        String optionName) {
        assertThatThrownBy(() -> change.accept(new RetryAfterOptions())).isInstanceOf(type)
            .hasMessageContaining("'" + optionName + "'");
    }
}
