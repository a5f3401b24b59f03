package io.github.openaipolicies.testkit.implementation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaWindowTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(10);

    @Test
    void admitsUpToTheRequestLimitThenRefusesWithCallRateLimit() {
        QuotaWindow quota = new QuotaWindow(new DeploymentLimits(2, 0), WINDOW);

        assertThat(quota.tryAcquire(T0, 1).remainingRequests()).isEqualTo(1);
        assertThat(quota.tryAcquire(T0.plusSeconds(1), 1).remainingRequests()).isZero();
        QuotaDecision refused = quota.tryAcquire(T0.plusSeconds(2), 1);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.exceeded()).isEqualTo(QuotaDecision.Limit.REQUESTS);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(8));
        assertThat(refused.remainingRequests()).isZero();
    }

    @Test
    void waitingTheRetryDelayIsEnoughToBeAdmitted() {
        QuotaWindow quota = new QuotaWindow(new DeploymentLimits(1, 0), WINDOW);
        quota.tryAcquire(T0, 1);
        Instant refusedAt = T0.plusMillis(2_500);
        Duration retryAfter = quota.tryAcquire(refusedAt, 1).retryAfter();

        assertThat(retryAfter).isEqualTo(Duration.ofMillis(7_500));
        assertThat(quota.tryAcquire(refusedAt.plus(retryAfter).minusMillis(1), 1).admitted()).isFalse();
        assertThat(quota.tryAcquire(refusedAt.plus(retryAfter), 1).admitted()).isTrue();
    }

    @Test
    void refusedRequestsConsumeNoQuota() {
        QuotaWindow quota = new QuotaWindow(new DeploymentLimits(1, 0), WINDOW);
        quota.tryAcquire(T0, 1);
        for (int i = 0; i < 5; i++) {
            quota.tryAcquire(T0.plusSeconds(1 + i), 1);
        }

        assertThat(quota.tryAcquire(T0.plus(WINDOW), 1).admitted()).isTrue();
    }

    @Test
    void tokenLimitRefusesWithTokenRateLimitAndWaitsForEnoughTokensToLeave() {
        QuotaWindow quota = new QuotaWindow(new DeploymentLimits(0, 100), WINDOW);
        quota.tryAcquire(T0, 40);
        quota.tryAcquire(T0.plusSeconds(2), 40);
        QuotaDecision refused = quota.tryAcquire(T0.plusSeconds(3), 70);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.exceeded()).isEqualTo(QuotaDecision.Limit.TOKENS);
        assertThat(refused.remainingTokens()).isEqualTo(20);
        // 80 used + 70 asked - 100 allowed = 50 to free: both earlier charges must leave, the second at T0+12s.
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(9));
        assertThat(quota.tryAcquire(T0.plusSeconds(12), 70).admitted()).isTrue();
    }

    @Test
    void retryDelayIsTheLaterOfBothLimits() {
        QuotaWindow quota = new QuotaWindow(new DeploymentLimits(2, 100), WINDOW);
        quota.tryAcquire(T0, 10);
        quota.tryAcquire(T0.plusSeconds(4), 90);
        QuotaDecision refused = quota.tryAcquire(T0.plusSeconds(5), 50);

        // one request must leave (at T0+10s) and 50 tokens must leave (both charges, at T0+14s)
        assertThat(refused.exceeded()).isEqualTo(QuotaDecision.Limit.TOKENS);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void aRequestLargerThanTheTokenLimitFitsAnEmptyWindow() {
        QuotaWindow quota = new QuotaWindow(new DeploymentLimits(0, 100), WINDOW);

        assertThat(quota.tryAcquire(T0, 500).admitted()).isTrue();
        QuotaDecision refused = quota.tryAcquire(T0.plusSeconds(1), 500);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(9));
        assertThat(quota.tryAcquire(T0.plus(WINDOW), 500).admitted()).isTrue();
    }

    @Test
    void chargesLeaveTheWindowAfterItsLength() {
        QuotaWindow quota = new QuotaWindow(new DeploymentLimits(3, 30), WINDOW);
        quota.tryAcquire(T0, 10);
        quota.tryAcquire(T0.plusSeconds(5), 10);

        QuotaDecision later = quota.peek(T0.plus(WINDOW));
        assertThat(later.remainingRequests()).isEqualTo(2);
        assertThat(later.remainingTokens()).isEqualTo(20);
    }

    @Test
    void unlimitedDimensionsReportMaxValueAndNeverRefuse() {
        QuotaWindow quota = new QuotaWindow(DeploymentLimits.UNLIMITED, WINDOW);
        for (int i = 0; i < 1_000; i++) {
            assertThat(quota.tryAcquire(T0, 1_000).admitted()).isTrue();
        }
        assertThat(quota.peek(T0).remainingRequests()).isEqualTo(Integer.MAX_VALUE);
        assertThat(quota.peek(T0).remainingTokens()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void resetForgetsEveryCharge() {
        QuotaWindow quota = new QuotaWindow(new DeploymentLimits(1, 0), WINDOW);
        quota.tryAcquire(T0, 1);
        quota.reset();

        assertThat(quota.tryAcquire(T0, 1).admitted()).isTrue();
    }
}
