// Licensed under the MIT License.
package io.github.openaipolicies.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.ThrottleFeedback;
import io.github.openaipolicies.implementation.RetryAfterHeaders;
import io.github.openaipolicies.implementation.RetryDecider;
import io.github.openaipolicies.implementation.RetryDecision;
import io.github.openaipolicies.implementation.RetryLimits;
import io.github.openaipolicies.implementation.ServerDelay;
import io.github.openaipolicies.implementation.gate.GateSettings;
import io.github.openaipolicies.implementation.gate.KeyLedger;
import io.github.openaipolicies.implementation.gate.LedgerDecision;
import io.github.openaipolicies.implementation.gate.ThrottleHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile response headers against the delay parsing ({@link RetryAfterHeaders}), the retry decision
 * ({@link RetryDecider}) and the gate's reading of counters ({@link ThrottleHeaders}, {@link KeyLedger}): arbitrary
 * strings, numbers at the edges of int and long, dates in any offset from year 1 to 9999, repeated header lines with
 * names in mixed case, comma-joined values. Each property runs {@value #CASES} cases from a seeded
 * {@link SplittableRandom} (seed printed; replay with {@code -Dhostile.seed=<seed>}) and asserts that every branch of
 * its generator was reached in at least {@value #LEAST_SHARE_PERCENT} % of the values.
 */
class HostileHeadersPropertyTest {
    static final int CASES = 10_000;
    /** Each generator branch (of four) must be reached in at least this share of the values drawn. */
    static final int LEAST_SHARE_PERCENT = 15;
    private static final String[] DELAY_HEADERS = {"retry-after-ms", "x-ms-retry-after-ms", "Retry-After"};
    private static final String[] GATE_HEADERS = {"x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens",
        "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens", "x-rate-limit-reset-tokens", "retry-after-ms",
        "Retry-After"};
    private static final int[] STATUSES = {200, 201, 400, 401, 408, 429, 500, 501, 502, 503, 504, 599};
    private static final Instant BASE = Instant.parse("2026-06-15T12:00:00Z");
    private static final Duration THIRTY_DAYS = RetryAfterHeaders.LONGEST_PLAUSIBLE;
    private static final Duration MAX_PLAUSIBLE_RESET = Duration.ofMinutes(2);

    @Test
    void delayParsingNeverThrowsAndStaysWithinThirtyDays() {
        HostileValues values = new HostileValues("delayParsingNeverThrowsAndStaysWithinThirtyDays");
        for (int i = 0; i < CASES; i++) {
            Instant now = now(values.random());
            HttpHeaders headers = values.headers(now, DELAY_HEADERS);
            String single = values.value(now);
            String at = at(values, i) + " headers " + headers.toMap() + " value '" + single + "'";

            Optional<ServerDelay> parsed = RetryAfterHeaders.parse(headers, now.atOffset(ZoneOffset.UTC));
            parsed.ifPresent(delay -> assertThat(delay.delay()).as(at).isBetween(Duration.ZERO, THIRTY_DAYS));
            RetryAfterHeaders.parseMillis(single)
                .ifPresent(delay -> assertThat(delay).as(at).isBetween(Duration.ZERO, THIRTY_DAYS));
            RetryAfterHeaders.parseRetryAfter(single, now.atOffset(ZoneOffset.UTC))
                .ifPresent(delay -> assertThat(delay).as(at).isBetween(Duration.ZERO, THIRTY_DAYS));
        }
        assertEachBranchReached(values, values.reached());
    }

    @Test
    void aValidServerDelayIsNeverShortenedByTheParser() {
        HostileValues values = new HostileValues("aValidServerDelayIsNeverShortenedByTheParser");
        ValidDelays delays = new ValidDelays(values);
        for (int i = 0; i < CASES; i++) {
            Instant now = now(values.random());
            ValidDelays.Drawn drawn = delays.draw(now, THIRTY_DAYS);
            String at = at(values, i) + " now " + now + " headers " + drawn.headers().toMap();

            Optional<ServerDelay> parsed = RetryAfterHeaders.parse(drawn.headers(), now.atOffset(ZoneOffset.UTC));

            assertThat(parsed).as(at).isPresent();
            assertThat(parsed.get().delay()).as(at).isGreaterThanOrEqualTo(drawn.exact())
                .isLessThan(drawn.exact().plusMillis(1));
        }
        assertEachBranchReached(values, delays.reached());
    }

    @Test
    void theRetryDecisionNeverThrowsAndWaitsWithinItsCaps() {
        HostileValues values = new HostileValues("theRetryDecisionNeverThrowsAndWaitsWithinItsCaps");
        ValidDelays delays = new ValidDelays(values);
        SplittableRandom random = values.random();
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            RetryLimits limits = limits(random);
            Instant start = now(random);
            Instant now = start.plusMillis(random.nextLong(0, limits.timeout().toMillis() + 2));
            HttpHeaders headers = values.headers(now, DELAY_HEADERS);
            if (random.nextInt(3) == 0) {
                delays.draw(now, limits.maxRetryAfter().multipliedBy(2)).headers()
                    .forEach(header -> headers.set(header.getName(), header.getValue()));
            }
            if (random.nextInt(8) == 0) {
                headers.add(RetryDecider.X_SHOULD_RETRY, values.value(now));
            }
            int status = STATUSES[random.nextInt(STATUSES.length)];
            int attempt = random.nextInt(1, limits.maxRetries() + 3);
            String errorCode = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> "insufficient_quota";
                default -> values.value(now);
            };
            String at = at(values, i) + " " + limits + " status " + status + " attempt " + attempt + " headers "
                + headers.toMap();
            double jitter = random.nextDouble();

            RetryDecision decision = new RetryDecider(limits, () -> jitter)
                .onResponse(status, headers, errorCode, attempt, start, now);

            Duration remaining = limits.remaining(start, now);
            if (decision.shouldRetry()) {
                assertThat(decision.delay()).as(at).isBetween(Duration.ZERO, remaining);
                if (RetryDecision.BACKOFF.equals(decision.delaySource())) {
                    assertThat(decision.delay()).as(at).isLessThanOrEqualTo(limits.maxDelay());
                    outcomes.merge("backoff", 1, Integer::sum);
                } else {
                    assertThat(decision.delay()).as(at).isGreaterThanOrEqualTo(decision.requestedDelay())
                        .isLessThanOrEqualTo(limits.maxRetryAfter());
                    outcomes.merge("server delay", 1, Integer::sum);
                }
            } else {
                outcomes.merge("stop", 1, Integer::sum);
            }
        }
        System.out.println("theRetryDecisionNeverThrowsAndWaitsWithinItsCaps outcomes " + outcomes);
        assertEachBranchReached(values, values.reached());
        assertThat(outcomes.keySet()).as("seed %d", values.seed()).containsExactly("backoff", "server delay", "stop");
        outcomes.forEach((outcome, count) -> assertThat(count).as("seed %d: %s", values.seed(), outcome)
            .isGreaterThanOrEqualTo(CASES / 100));
    }

    @Test
    void aValidServerDelayWithinTheCapIsNeverShortenedByTheDecision() {
        HostileValues values = new HostileValues("aValidServerDelayWithinTheCapIsNeverShortenedByTheDecision");
        ValidDelays delays = new ValidDelays(values);
        SplittableRandom random = values.random();
        int[] retryable = {408, 429, 500, 502, 503, 504};
        for (int i = 0; i < CASES; i++) {
            RetryLimits limits = limits(random);
            Instant start = now(random);
            Instant now = start.plusMillis(random.nextLong(0, limits.timeout().toMillis() / 2));
            Duration remaining = limits.remaining(start, now);
            Duration cap = limits.maxRetryAfter().compareTo(remaining) < 0 ? limits.maxRetryAfter() : remaining;
            ValidDelays.Drawn drawn = delays.draw(now, cap);
            int attempt = random.nextInt(1, limits.maxRetries() + 1);
            int status = retryable[random.nextInt(retryable.length)];
            String at = at(values, i) + " " + limits + " status " + status + " now " + now + " headers "
                + drawn.headers().toMap();
            double jitter = random.nextDouble();

            RetryDecision decision = new RetryDecider(limits, () -> jitter)
                .onResponse(status, drawn.headers(), null, attempt, start, now);

            assertThat(decision.shouldRetry()).as(at + " " + decision).isTrue();
            assertThat(decision.delay()).as(at).isGreaterThanOrEqualTo(drawn.exact())
                .isLessThanOrEqualTo(limits.maxRetryAfter().compareTo(limits.maxDelay()) > 0
                    ? limits.maxRetryAfter() : limits.maxDelay());
        }
        assertEachBranchReached(values, delays.reached());
    }

    @Test
    void theGateReadsHostileCountersWithoutThrowingAndHoldsWithinItsCaps() {
        HostileValues values = new HostileValues("theGateReadsHostileCountersWithoutThrowingAndHoldsWithinItsCaps");
        SplittableRandom random = values.random();
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            Instant now = now(random);
            HttpHeaders headers = values.headers(now, GATE_HEADERS);
            int status = STATUSES[random.nextInt(STATUSES.length)];
            GateSettings settings = new GateSettings(random.nextInt(1, 9), millis(random, 1, 120_000),
                millis(random, 1, 5_000), Duration.ofSeconds(60), Duration.ofMinutes(10));
            long cost = random.nextLong(1, 10_000);
            String at = at(values, i) + " " + settings + " status " + status + " headers " + headers.toMap();

            ThrottleFeedback feedback = ThrottleHeaders.feedback(status, headers, now.atOffset(ZoneOffset.UTC));
            assertCountersPlausible(feedback, at);
            KeyLedger ledger = new KeyLedger(settings, now);
            LedgerDecision first = ledger.tryTake(cost, now);
            assertThat(first.admitted()).as(at).isTrue();
            for (int more = random.nextInt(0, settings.initialAdmission() + 3); more > 0; more--) {
                ledger.tryTake(cost, now);
            }
            ledger.observe(first.sequence(), first.cost(), feedback, now);
            LedgerDecision next = ledger.tryTake(cost, now);
            for (int again = 0; again < 2 && next.admitted(); again++) {
                next = ledger.tryTake(cost, now);
            }

            Duration longestHold = longest(settings.maxRetryAfter(), settings.counterValidity());
            if (feedback.isThrottled()) {
                assertThat(Duration.between(now, ledger.holdUntil())).as(at).isBetween(Duration.ZERO, longestHold);
            }
            if (next.admitted()) {
                outcomes.merge("admitted", 1, Integer::sum);
            } else if (next.retryAt() == null) {
                outcomes.merge("awaiting an answer", 1, Integer::sum);
            } else {
                assertThat(Duration.between(now, next.retryAt())).as(at)
                    .isBetween(Duration.ZERO, longest(longestHold, MAX_PLAUSIBLE_RESET));
                outcomes.merge("held until a time", 1, Integer::sum);
            }
        }
        System.out.println("theGateReadsHostileCountersWithoutThrowingAndHoldsWithinItsCaps outcomes " + outcomes);
        assertEachBranchReached(values, values.reached());
        assertThat(outcomes.keySet()).as("seed %d", values.seed())
            .containsExactlyInAnyOrder("admitted", "awaiting an answer", "held until a time");
        outcomes.forEach((outcome, count) -> assertThat(count).as("seed %d: %s", values.seed(), outcome)
            .isGreaterThanOrEqualTo(CASES / 100));
    }

    private static void assertCountersPlausible(ThrottleFeedback feedback, String at) {
        for (Long counter : java.util.Arrays.asList(feedback.remainingRequests(), feedback.remainingTokens())) {
            if (counter != null) {
                assertThat(counter).as(at).isBetween(0L, 999_999_999_999L);
            }
        }
        for (Duration reset : java.util.Arrays.asList(feedback.resetRequests(), feedback.resetTokens())) {
            if (reset != null) {
                assertThat(reset).as(at).isGreaterThanOrEqualTo(Duration.ZERO);
            }
        }
        if (feedback.retryAfter() != null) {
            assertThat(feedback.retryAfter()).as(at).isBetween(Duration.ZERO, THIRTY_DAYS);
        }
    }

    static <B extends Enum<B>> void assertEachBranchReached(HostileValues values, Map<B, Integer> reached) {
        int total = reached.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("  seed " + values.seed() + ": branches reached " + reached + " of " + total);
        assertThat(reached).as("seed %d: every branch reached", values.seed()).isNotEmpty();
        B any = reached.keySet().iterator().next();
        for (B branch : any.getDeclaringClass().getEnumConstants()) {
            assertThat(reached.getOrDefault(branch, 0) * 100L).as("seed %d: share of %s", values.seed(), branch)
                .isGreaterThanOrEqualTo((long) total * LEAST_SHARE_PERCENT);
        }
    }

    private static RetryLimits limits(SplittableRandom random) {
        Duration base = millis(random, 1, 2_000);
        Duration maxDelay = base.plus(millis(random, 0, 10_000));
        return new RetryLimits(random.nextInt(1, 11), base, maxDelay, millis(random, 2_000, 120_000),
            millis(random, 2_000, 600_000));
    }

    private static Instant now(SplittableRandom random) {
        return BASE.plusSeconds(random.nextLong(-86_400, 86_400)).plusNanos(random.nextLong(0, 1_000_000_000));
    }

    private static Duration millis(SplittableRandom random, long least, long most) {
        return Duration.ofMillis(random.nextLong(least, most + 1));
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String at(HostileValues values, int i) {
        return "seed " + values.seed() + " case " + i + ":";
    }

}
