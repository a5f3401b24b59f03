package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Quota;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Azure's quota profile: requests per 10 s at RPM / 6, tokens per 60 s at TPM, refused requests cost nothing. */
class AzureQuotaTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void rpmFollowsTpmAtSixPerThousandAndRequestsAreCountedPerTenSeconds() {
        Quota quota = Quota.azure(10_000);
        assertThat(quota.requests()).isEqualTo(60);
        assertThat(quota.requestsPerTenSeconds()).isEqualTo(10);
        DeploymentQuota running = DeploymentQuota.of(quota);

        for (int i = 0; i < 10; i++) {
            assertThat(running.tryAcquire(T0.plusMillis(i), 1).admitted()).as("request %d", i).isTrue();
        }
        QuotaDecision refused = running.tryAcquire(T0.plusMillis(10), 1);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.exceeded()).isEqualTo(QuotaDecision.Limit.REQUESTS);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(9_990));
        assertThat(running.tryAcquire(T0.plusSeconds(10), 1).admitted()).as("the 10 s window slid").isTrue();
    }

    @Test
    void aMinuteOfRequestsIsNotAdmittedInOneBurst() {
        DeploymentQuota running = DeploymentQuota.of(Quota.azure(60_000));
        int admitted = 0;
        for (int i = 0; i < 360; i++) {
            admitted += running.tryAcquire(T0, 1).admitted() ? 1 : 0;
        }

        assertThat(admitted).as("360 RPM admits a sixth of that in a burst").isEqualTo(60);
    }

    @Test
    void tokensAreCountedOverSixtySecondsNotTen() {
        DeploymentQuota running = DeploymentQuota.of(Quota.azure(1_000));
        assertThat(running.tryAcquire(T0, 900).admitted()).isTrue();

        QuotaDecision refused = running.tryAcquire(T0.plusSeconds(11), 200);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.exceeded()).isEqualTo(QuotaDecision.Limit.TOKENS);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(49));
        assertThat(refused.remainingTokens()).isEqualTo(100);
        assertThat(running.tryAcquire(T0.plusSeconds(60), 200).admitted()).isTrue();
    }

    @Test
    void aRefusedRequestIsChargedToNeitherWindow() {
        DeploymentQuota running = DeploymentQuota.of(Quota.azure(1_000).withRequestsPerMinute(12));
        assertThat(running.tryAcquire(T0, 990).admitted()).isTrue();
        // tokens refuse this one; had its request been counted, the second request below would be refused
        assertThat(running.tryAcquire(T0, 20).admitted()).isFalse();

        QuotaDecision second = running.tryAcquire(T0, 10);

        assertThat(second.admitted()).as("2 requests per 10 s, one used").isTrue();
        assertThat(second.remainingRequests()).isZero();
        assertThat(second.remainingTokens()).isZero();
    }

    @Test
    void requestsPerMinuteCanBeSetAndAreRoundedUpPerTenSeconds() {
        Quota quota = Quota.azure(1_000).withRequestsPerMinute(7);

        assertThat(quota.requestsPerTenSeconds()).isEqualTo(2);
        assertThat(Quota.azure(1_000).requestsPerTenSeconds()).isEqualTo(1);
    }

    @Test
    void whenBothWindowsRefuseTheLongerWaitIsReported() {
        DeploymentQuota running = DeploymentQuota.of(Quota.azure(1_000));
        running.tryAcquire(T0, 1_000);

        QuotaDecision refused = running.tryAcquire(T0.plusSeconds(1), 1);

        assertThat(refused.exceeded()).isEqualTo(QuotaDecision.Limit.TOKENS);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(59));
        assertThat(refused.requestLimit()).isEqualTo(1);
        assertThat(refused.tokenLimit()).isEqualTo(1_000);
    }
}
