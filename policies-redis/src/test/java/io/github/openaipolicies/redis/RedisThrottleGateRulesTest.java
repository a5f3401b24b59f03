// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.github.openaipolicies.redis.GateFixtures.REDIS_KEY;
import static io.github.openaipolicies.redis.GateFixtures.calls;
import static io.github.openaipolicies.redis.GateFixtures.patientOptions;
import static io.github.openaipolicies.redis.GateFixtures.remaining;
import static io.github.openaipolicies.redis.GateFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The shared state follows the in-memory gate's rules across processes: a counter at zero without a reset hint is
 * asked again after a tenth of the counter validity (net of the grants made since the answered one; for tokens, less
 * than the answered attempt's cost), and a 429 with only a reset hint holds every gate until that reset. The shared
 * slow start is tested in {@link RedisThrottleGateLeaseTest}.
 */
class RedisThrottleGateRulesTest {
    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    /** A counter validity of 3 s: a counter at zero is believed for 300 ms, any other for 3 s. */
    private static final Duration VALIDITY = Duration.ofSeconds(3);
    private static final long RECHECK_MILLIS = 300;

    private static RedisThrottleGateOptions options() {
        return patientOptions().setGateOptions(new ThrottleGateOptions().setCounterValidity(VALIDITY));
    }

    @Test
    void aRequestCounterAtZeroWithoutResetHintIsAskedAgainAfterATenthOfTheValidity() throws InterruptedException {
        RedisThrottleGate first = REDIS.newGate(options());
        RedisThrottleGate second = REDIS.newGate(options());
        RedisTimes absorbed = answerTimed(first, first.acquireSync(request(Duration.ofSeconds(5))),
            remaining(0, null), "rq", "0");

        absorbed.assertBelievedFor("rqUntil", RECHECK_MILLIS, "at zero: believed for the recheck only");
        long askedAt = redisNowMillis();
        ThrottleAdmission probe = second.acquireSync(request(Duration.ofMillis(1500)));
        assertProbe(probe, askedAt, "rqUntil", ThrottleHoldReason.REQUESTS_AT_ZERO);
        assertThat(probe.getHeld()).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aRequestCounterIsAtZeroNetOfTheGrantsMadeSinceTheAnsweredOne() throws InterruptedException {
        RedisThrottleGate first = REDIS.newGate(options());
        RedisThrottleGate second = REDIS.newGate(options());
        ThrottleAdmission answered = first.acquireSync(request(Duration.ofSeconds(5)));
        ThrottleAdmission stillInFlight = second.acquireSync(request(Duration.ofSeconds(5)));
        RedisTimes absorbed = answerTimed(first, answered, remaining(1, null), "rq", "1");

        assertThat(requestsLeft()).as("1 left, less the grant made since").isZero();
        absorbed.assertBelievedFor("rqUntil", RECHECK_MILLIS, "at zero: believed for the recheck only");
        second.report(stillInFlight, ThrottleFeedback.abandoned());
    }

    @Test
    void aTokenCounterBelowTheAnsweredAttemptsCostIsAskedAgainAfterATenthOfTheValidity()
        throws InterruptedException {
        RedisThrottleGate first = REDIS.newGate(options());
        RedisThrottleGate second = REDIS.newGate(options());
        answerTimed(first, first.acquireSync(request(10, Duration.ofSeconds(5))), tokensLeft(1000), "tk", "1000")
            .assertBelievedFor("tkUntil", VALIDITY.toMillis(), "1,000 tokens left: not at zero");

        answerTimed(first, first.acquireSync(request(300, Duration.ofSeconds(5))), tokensLeft(200), "tk", "200")
            .assertBelievedFor("tkUntil", RECHECK_MILLIS, "200 tokens left after an attempt of 300: at zero");
        long askedAt = redisNowMillis();
        ThrottleAdmission probe = second.acquireSync(request(300, Duration.ofMillis(1500)));
        assertProbe(probe, askedAt, "tkUntil", ThrottleHoldReason.TOKENS_AT_ZERO);
    }

    @Test
    void aCounterAtZeroWithAResetHintIsBelievedUntilTheReset() throws InterruptedException {
        RedisThrottleGate first = REDIS.newGate(options());
        RedisThrottleGate second = REDIS.newGate(options());
        answerTimed(first, first.acquireSync(request(Duration.ofSeconds(5))), remaining(0, Duration.ofSeconds(8)),
            "rq", "0").assertBelievedFor("rqUntil", 8000, "until the reset");
        assertThatThrownBy(() -> second.acquireSync(request(Duration.ofMillis(500))))
            .isInstanceOfSatisfying(ThrottleGateTimeoutException.class,
                e -> assertThat(e.getWait()).isGreaterThan(Duration.ofSeconds(5)));
    }

    @Test
    void a429WithOnlyAResetHintHoldsEveryGateUntilThatReset() throws InterruptedException {
        RedisThrottleGate first = REDIS.newGate(options());
        RedisThrottleGate second = REDIS.newGate(options());
        long from = redisNowMillis();
        first.report(first.acquireSync(request(Duration.ofSeconds(5))),
            ThrottleFeedback.response(429, null, null, null, null, Duration.ofSeconds(6)));
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().hget(REDIS_KEY, "hold") != null);

        new RedisTimes(from, redisNowMillis()).assertBelievedFor("hold", 6000, "the reset, not the 3 s validity");
        assertThatThrownBy(() -> second.acquireSync(request(Duration.ofSeconds(2))))
            .isInstanceOfSatisfying(ThrottleGateTimeoutException.class,
                e -> assertThat(e.getWait()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6)));
    }

    @Test
    void a429WhoseOnlyResetHintExceedsMaxRetryAfterHoldsForTheCounterValidity() throws InterruptedException {
        RedisThrottleGateOptions capped = patientOptions().setGateOptions(new ThrottleGateOptions()
            .setCounterValidity(VALIDITY).setMaxRetryAfter(Duration.ofSeconds(10)));
        RedisThrottleGate first = REDIS.newGate(capped);
        long from = redisNowMillis();
        first.report(first.acquireSync(request(Duration.ofSeconds(5))),
            ThrottleFeedback.response(429, null, null, null, Duration.ofSeconds(40), null));
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.admin().hget(REDIS_KEY, "hold") != null);

        new RedisTimes(from, redisNowMillis()).assertBelievedFor("hold", VALIDITY.toMillis(), "the counter validity");
    }

    @Test
    void aGateRefusedByACounterAtZeroAsksAgainAfterTheRecheckSoAnotherGatesAnswerCanFreeIt()
        throws InterruptedException {
        RedisThrottleGate first = REDIS.newGate(options());
        RedisThrottleGate second = REDIS.newGate(options());
        RedisThrottleGate third = REDIS.newGate(options());
        answer(first, first.acquireSync(request(Duration.ofSeconds(5))), remaining(1, null), "rq", "1");
        ThrottleAdmission drains = second.acquireSync(request(Duration.ofSeconds(5)));
        assertThatThrownBy(() -> third.acquireSync(request(Duration.ofMillis(100))))
            .as("the counter, believed for 3 s, is drained").isInstanceOf(ThrottleGateTimeoutException.class);

        answer(second, drains, remaining(5, null), "rq", "5");

        ThrottleAdmission freed = third.acquireSync(request(Duration.ofMillis(1500)));
        assertThat(freed.getHeld()).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void afterASharedCounterAtZeroLapsesEachGateSendsOneProbeUntilItsAnswer() throws InterruptedException {
        RedisThrottleGate first = REDIS.newGate(options());
        RedisThrottleGate second = REDIS.newGate(options());
        answer(first, first.acquireSync(request(Duration.ofSeconds(5))), remaining(0, null), "rq", "0");

        long askedAt = redisNowMillis();
        ThrottleAdmission probe = second.acquireSync(request(Duration.ofMillis(1500)));
        assertProbe(probe, askedAt, "rqUntil", ThrottleHoldReason.REQUESTS_AT_ZERO);
        long asked = calls(REDIS.admin(), "evalsha");
        assertThatThrownBy(() -> second.acquireSync(request(Duration.ofMillis(200))))
            .as("the next attempt waits for the probe's answer, without asking Redis")
            .isInstanceOf(ThrottleGateTimeoutException.class);
        assertThat(calls(REDIS.admin(), "evalsha")).isEqualTo(asked);

        second.report(probe, remaining(50, null));
        ThrottleAdmission next = second.acquireSync(request(Duration.ofMillis(1500)));
        assertThat(next.getReason()).isEqualTo(ThrottleHoldReason.NONE);
    }

    /** Reports the answer and waits until Redis has absorbed it: the field holds the value. */
    private static void answer(RedisThrottleGate gate, ThrottleAdmission admission, ThrottleFeedback feedback,
        String field, String value) {
        gate.report(admission, feedback);
        await().atMost(Duration.ofSeconds(5)).until(() -> value.equals(REDIS.admin().hget(REDIS_KEY, field)));
    }

    private static ThrottleFeedback tokensLeft(long tokens) {
        return ThrottleFeedback.response(200, null, null, tokens, null, null);
    }

    /**
     * Reports the answer and waits until Redis has absorbed it, noting Redis's clock before the report and after the
     * absorption: the script ran between the two, however slow the machine.
     */
    private static RedisTimes answerTimed(RedisThrottleGate gate, ThrottleAdmission admission,
        ThrottleFeedback feedback, String field, String value) {
        long from = redisNowMillis();
        answer(gate, admission, feedback, field, value);
        return new RedisTimes(from, redisNowMillis());
    }

    /**
     * A probe asked (by Redis's clock) before the counter at zero lapsed waited for it; one asked after (a slow
     * machine) went at once. Either way the reason says which.
     */
    private static void assertProbe(ThrottleAdmission probe, long askedAt, String untilField,
        ThrottleHoldReason atZero) {
        long until = Long.parseLong(REDIS.admin().hget(REDIS_KEY, untilField));
        assertThat(probe.getReason()).as("asked %d ms before the counter lapsed", until - askedAt)
            .isEqualTo(askedAt < until ? atZero : ThrottleHoldReason.NONE);
    }

    /** What the request counter leaves now, net of the grants made since the answered one. */
    private static long requestsLeft() {
        List<String> fields = REDIS.admin().hmget(REDIS_KEY, "rq", "g", "rqAt").stream()
            .map(value -> value.getValue()).toList();
        return Long.parseLong(fields.get(0)) - (Long.parseLong(fields.get(1)) - Long.parseLong(fields.get(2)));
    }

    private static long redisNowMillis() {
        List<String> time = REDIS.admin().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /** Redis's clock before an answer was reported and after Redis absorbed it. */
    private record RedisTimes(long from, long by) {
        /** The field, a time set by the script as its own now plus {@code millis}, lies in the bracket. */
        void assertBelievedFor(String field, long millis, String description) {
            long until = Long.parseLong(REDIS.admin().hget(REDIS_KEY, field));
            assertThat(until).as(description).isBetween(from + millis, by + millis);
        }
    }
}
