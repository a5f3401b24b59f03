package io.github.openaipolicies.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultFactoriesTest {

    @Test
    void tooManyRequestsAnnouncesWholeSecondsRoundedUpAndMilliseconds() {
        Fault fault = Fault.tooManyRequests(Duration.ofMillis(1_500));

        assertThat(fault.status()).isEqualTo(429);
        assertThat(fault.headers()).containsExactly(Map.entry("retry-after", "2"), Map.entry("retry-after-ms", "1500"));
        assertThat(fault.body()).contains("\"code\":\"429\"", "Please retry after 2 seconds");
    }

    @Test
    void dayLongRetryAfter() {
        assertThat(Fault.tooManyRequests(Duration.ofDays(1)).headers()).contains(Map.entry("retry-after", "86400"));
    }

    @Test
    void insufficientQuotaHasItsCodeAndNoRetryAfter() {
        Fault fault = Fault.insufficientQuota();

        assertThat(fault.status()).isEqualTo(429);
        assertThat(fault.body()).contains("\"code\":\"insufficient_quota\"");
        assertThat(fault.headers()).isEmpty();
    }

    @Test
    void withHeaderAndWithBodyReturnNewFaults() {
        Fault base = Fault.status(503);
        Fault changed = base.withHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT").withBody("{}");

        assertThat(base.headers()).isEmpty();
        assertThat(base.body()).contains("\"code\":\"503\"");
        assertThat(changed.headers()).containsExactly(Map.entry("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));
        assertThat(changed.body()).isEqualTo("{}");
    }

    @Test
    void kindsAreDistinct() {
        assertThat(Fault.connectionReset().kind()).isEqualTo(Fault.Kind.CONNECTION_RESET);
        assertThat(Fault.delay(Duration.ofSeconds(3)).delay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(Fault.tooManyRequestsWithHttpDate(Duration.ofMillis(100)).httpDateRetryAfter())
            .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void invalidArgumentsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Fault.status(99)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("status");
        assertThatThrownBy(() -> Fault.delay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("delay");
        assertThatThrownBy(() -> Fault.connectionReset().withBody("{}")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void messyThrottleFactoriesCarryOnlyTheirDelayHeaders() {
        assertThat(Fault.tooManyRequestsWithoutDelay().headers()).isEmpty();
        assertThat(Fault.tooManyRequestsWithoutDelay().status()).isEqualTo(429);
        assertThat(Fault.tooManyRequestsRetryAfterSecondsOnly(Duration.ofMillis(2_100)).headers())
            .containsExactly(Map.entry("retry-after", "3"));
        assertThat(Fault.tooManyRequestsResetTokensOnly(Duration.ofSeconds(55), false).headers())
            .containsExactly(Map.entry("x-ratelimit-reset-tokens", "55"),
                Map.entry("policy-id", "DeploymentRatelimit-Token"));
        assertThat(Fault.tooManyRequestsResetTokensOnly(Duration.ofSeconds(55), true).headers())
            .containsExactly(Map.entry("x-rate-limit-reset-tokens", "55"),
                Map.entry("policy-id", "DeploymentRatelimit-Token"));
        assertThat(Fault.tooManyRequestsResetTokensOnly(Duration.ofSeconds(55), true).body())
            .contains("exceeded token rate limit", "Please retry after 55 seconds");
    }

    @Test
    void throttleBodiesVaryAsAzuresDo() {
        assertThat(Fault.rateLimitIsExceeded(Duration.ofSeconds(50)).body())
            .isEqualTo("{\"error\":{\"code\":\"429\",\"message\":\"Rate limit is exceeded. Try again in 50 seconds.\"}}");
        assertThat(Fault.rateLimitIsExceeded(Duration.ofSeconds(50)).headers())
            .containsExactly(Map.entry("retry-after", "50"));
        assertThat(Fault.aiServicesTokenRateLimit(Duration.ofSeconds(6)).body())
            .contains("have exceeded token rate limit of your current AIServices S0 pricing tier",
                "Please retry after 6 seconds");
        Fault capacity = Fault.capacityExceeded(Duration.ofSeconds(2));
        assertThat(capacity.status()).isEqualTo(429);
        assertThat(capacity.body()).contains("unrelated to your quota").doesNotContain("rate limit of your current");
    }

    @Test
    void contentFilterAndStreamFaults() {
        assertThat(Fault.contentFilter().status()).isEqualTo(400);
        assertThat(Fault.contentFilter().body()).contains("\"code\":\"content_filter\"",
            "\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"");
        assertThat(Fault.contentFilteredCompletion().kind()).isEqualTo(Fault.Kind.CONTENT_FILTERED_COMPLETION);
        assertThat(Fault.breakOff().kind()).isEqualTo(Fault.Kind.BREAK_OFF);
        assertThat(Fault.breakOff()).hasToString("Fault[break off]");
        assertThat(Fault.truncatedBody().kind()).isEqualTo(Fault.Kind.TRUNCATED_BODY);
        assertThat(Fault.truncatedBody()).hasToString("Fault[truncated body]");
    }
}
