package io.github.openaipolicies.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public quota and deployment configuration. */
class QuotaProfileTest {

    @Test
    void profilesCarryTheirNumbers() {
        assertThat(Quota.azure(30_000).profile()).isEqualTo(Quota.Profile.AZURE);
        assertThat(Quota.azure(30_000).withRequestsPerMinute(50).requests()).isEqualTo(50);
        Quota sliding = Quota.slidingWindow(3, 0, Duration.ofSeconds(2));
        assertThat(sliding.profile()).isEqualTo(Quota.Profile.SLIDING_WINDOW);
        assertThat(sliding.window()).isEqualTo(Duration.ofSeconds(2));
        assertThat(Quota.unlimited().profile()).isEqualTo(Quota.Profile.UNLIMITED);
    }

    @Test
    void invalidQuotasAreRefusedWithClearMessages() {
        assertThatThrownBy(() -> Quota.azure(999)).hasMessage("tokensPerMinute must be at least 1000, was 999");
        assertThatThrownBy(() -> Quota.slidingWindow(1, 1, Duration.ZERO))
            .hasMessage("window must be positive, was PT0S");
        assertThatThrownBy(() -> Quota.slidingWindow(1, 1, Duration.ofSeconds(1)).withRequestsPerMinute(5))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("AZURE profile");
    }

    @Test
    void theModelDecidesOperationsAndDimensions() {
        Deployment ada = Deployment.embeddings("emb", "text-embedding-ada-002");
        Deployment large = Deployment.embeddings("big", "text-embedding-3-large");
        Deployment gpt = Deployment.chat("gpt", "gpt-4o");
        Deployment plain = Deployment.of("any");

        assertThat(ada.supportsDimensions()).isFalse();
        assertThat(large.supportsDimensions()).isTrue();
        assertThat(ada.servesChat()).isFalse();
        assertThat(gpt.servesEmbeddings()).isFalse();
        assertThat(gpt.model()).isEqualTo("gpt-4o");
        assertThat(plain.servesChat() && plain.servesEmbeddings()).isTrue();
        assertThat(plain.model()).isEqualTo("any");
        assertThat(gpt.withTokensPerMinute(2_000).quota()).isEqualTo(Quota.azure(2_000));
    }
}
