// Licensed under the MIT License.
package io.github.openaipolicies.hostile;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.implementation.GateSettings;
import io.github.openaipolicies.gate.implementation.KeyLedger;
import io.github.openaipolicies.gate.implementation.LedgerDecision;
import io.github.openaipolicies.gate.implementation.ThrottleHeaders;
import io.github.openaipolicies.implementation.AzureHeaders;
import io.github.openaipolicies.implementation.gate.ResponseFeedback;
import io.github.openaipolicies.retry.implementation.RetryAfterHeaders;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import io.github.openaipolicies.retry.implementation.RetryLimits;
import io.github.openaipolicies.retry.implementation.RetryReason;
import io.github.openaipolicies.retry.implementation.ServerDelay;
import org.junit.jupiter.api.Test;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile response headers against the delay parsing ({@link RetryAfterHeaders}), the retry decision
 * ({@link RetryDecider}) and the gate's reading of counters ({@link ThrottleHeaders}, {@link KeyLedger}): arbitrary
 * strings, numbers at the edges of int and long, dates in any offset from year 1 to 9999, repeated header lines with
 * names in mixed case, comma-joined values, mixed with values a server could send (delays, counters, dates) and delays
 * drawn just below, at and just above the caps. Each property runs {@value #CASES} cases from a seeded
 * {@link SplittableRandom} (seed printed; replay with {@code -Dhostile.seed=<seed>}), checks each case against what
 * the rules say ({@link DelaySpec}, the documented jitter and caps), not only that nothing throws, and asserts minimum
 * shares of what the code under test did: which header the delay came from or none, rounded or exact, retried or
 * stopped and why, capped or not, what the gate read and whether it admitted or held.
 */
class HostileHeadersPropertyTest {
    static final int CASES = 10_000;
    private static final String[] DELAY_HEADERS = {"retry-after-ms", "x-ms-retry-after-ms", "Retry-After"};
    private static final String[] GATE_HEADERS = {"x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens",
        "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens", "x-rate-limit-reset-tokens", "retry-after-ms",
        "Retry-After"};
    private static final int[] STATUSES = {200, 201, 400, 401, 408, 429, 500, 501, 502, 503, 504, 599};
    private static final Instant BASE = Instant.parse("2026-06-15T12:00:00Z");
    private static final Duration THIRTY_DAYS = RetryAfterHeaders.LONGEST_PLAUSIBLE;
    private static final Duration MAX_PLAUSIBLE_RESET = Duration.ofMinutes(2);
    /** Just below a cap: within the largest jitter padding of it. */
    private static final Duration BELOW_CAP = Duration.ofMillis(250);

    /** Which header the parser took a header set's delay from, if any. */
    enum ParsedFrom { RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS, RETRY_AFTER, NOTHING_USABLE }

    /** What the parser made of one value. */
    enum SingleValue { MILLIS_READ, MILLIS_REJECTED, RETRY_AFTER_POSITIVE, RETRY_AFTER_ZERO, RETRY_AFTER_REJECTED }

    /** Which header the parser took a valid delay from. */
    enum ReadFrom { RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS, RETRY_AFTER }

    /** How the parser read a valid delay: exactly, or rounded up to the next millisecond. */
    enum Reading { EXACT, ROUNDED_UP }

    /** What the retry decision did. */
    enum Decided {
        BACKED_OFF, WAITED_FOR_THE_SERVER, WAITED_CAPPED_AT_MAX_RETRY_AFTER, STOPPED_NOT_RETRYABLE,
        STOPPED_RETRIES_EXHAUSTED, STOPPED_INSUFFICIENT_QUOTA, STOPPED_ABOVE_MAX_RETRY_AFTER, STOPPED_BY_BUDGET
    }

    /** How the retry decision waited for a valid delay within the cap. */
    enum Waited { AS_ASKED, PADDED, CAPPED_AT_MAX_RETRY_AFTER, CAPPED_AT_BUDGET }

    /** What the gate read from a response's headers. */
    enum GateRead { A_DELAY, A_COUNTER_AND_NO_DELAY, NOTHING }

    /** What the gate's ledger did with the next attempt. */
    enum GateNext { ADMITTED, AWAITING_AN_ANSWER, HELD_UNTIL_A_TIME }

    @Test
    void delayParsingFollowsTheRulesOnHostileValues() {
        HostileValues values = new HostileValues("delayParsingFollowsTheRulesOnHostileValues");
        Map<ParsedFrom, Integer> sets = new EnumMap<>(ParsedFrom.class);
        Map<SingleValue, Integer> singles = new EnumMap<>(SingleValue.class);
        for (int i = 0; i < CASES; i++) {
            Instant now = now(values.random());
            OffsetDateTime utc = now.atOffset(ZoneOffset.UTC);
            HttpHeaders headers = mixedHeaders(values, now, DELAY_HEADERS);
            String single = mixedValue(values, now);
            String at = at(values, i) + " now " + now + " headers " + headers.toMap() + " value '" + single + "'";

            Optional<ServerDelay> parsed = RetryAfterHeaders.parse(AzureHeaders.of(headers), utc);
            Optional<Duration> millis = RetryAfterHeaders.parseMillis(single);
            Optional<Duration> retryAfter = RetryAfterHeaders.parseRetryAfter(single, utc);

            assertThat(parsed.map(delay -> Map.entry(delay.header(), delay.delay()))).as(at)
                .isEqualTo(DelaySpec.of(headers, utc));
            assertThat(millis).as(at).isEqualTo(DelaySpec.millis(single));
            assertThat(retryAfter).as(at).isEqualTo(DelaySpec.retryAfter(single, utc));
            parsed.ifPresent(delay -> assertThat(delay.delay()).as(at).isBetween(Duration.ZERO, THIRTY_DAYS));
            sets.merge(parsed.map(delay -> switch (delay.header()) {
                case "retry-after-ms" -> ParsedFrom.RETRY_AFTER_MS;
                case "x-ms-retry-after-ms" -> ParsedFrom.X_MS_RETRY_AFTER_MS;
                default -> ParsedFrom.RETRY_AFTER;
            }).orElse(ParsedFrom.NOTHING_USABLE), 1, Integer::sum);
            singles.merge(millis.isPresent() ? SingleValue.MILLIS_READ : SingleValue.MILLIS_REJECTED, 1,
                Integer::sum);
            singles.merge(retryAfter.map(delay -> delay.isZero() ? SingleValue.RETRY_AFTER_ZERO
                : SingleValue.RETRY_AFTER_POSITIVE).orElse(SingleValue.RETRY_AFTER_REJECTED), 1, Integer::sum);
        }
        assertOutcomeShares(values, sets, ParsedFrom.class, 6);
        assertOutcomeShares(values, singles, SingleValue.class, 3);
    }

    @Test
    void aValidServerDelayIsNeverShortenedByTheParser() {
        HostileValues values = new HostileValues("aValidServerDelayIsNeverShortenedByTheParser");
        ValidDelays delays = new ValidDelays(values);
        Map<ReadFrom, Integer> from = new EnumMap<>(ReadFrom.class);
        Map<Reading, Integer> readings = new EnumMap<>(Reading.class);
        for (int i = 0; i < CASES; i++) {
            Instant now = now(values.random());
            ValidDelays.Drawn drawn = values.random().nextInt(4) == 0
                ? delays.draw(now, THIRTY_DAYS.minus(BELOW_CAP), THIRTY_DAYS) : delays.draw(now, THIRTY_DAYS);
            String at = at(values, i) + " now " + now + " headers " + drawn.headers().toMap();

            Optional<ServerDelay> parsed = RetryAfterHeaders.parse(AzureHeaders.of(drawn.headers()),
                now.atOffset(ZoneOffset.UTC));

            assertThat(parsed).as(at).isPresent();
            assertThat(parsed.get().delay()).as(at).isGreaterThanOrEqualTo(drawn.exact())
                .isLessThan(drawn.exact().plusMillis(1));
            assertThat(parsed.get().header()).as(at).isEqualTo(switch (drawn.form()) {
                case RETRY_AFTER_MS -> "retry-after-ms";
                case X_MS_RETRY_AFTER_MS -> "x-ms-retry-after-ms";
                default -> "retry-after";
            });
            from.merge(switch (parsed.get().header()) {
                case "retry-after-ms" -> ReadFrom.RETRY_AFTER_MS;
                case "x-ms-retry-after-ms" -> ReadFrom.X_MS_RETRY_AFTER_MS;
                default -> ReadFrom.RETRY_AFTER;
            }, 1, Integer::sum);
            readings.merge(parsed.get().delay().equals(drawn.exact()) ? Reading.EXACT : Reading.ROUNDED_UP, 1,
                Integer::sum);
        }
        assertOutcomeShares(values, from, ReadFrom.class, 15);
        assertOutcomeShares(values, readings, Reading.class, 10);
    }

    @Test
    void theRetryDecisionFollowsTheRulesAndWaitsWithinItsCaps() {
        HostileValues values = new HostileValues("theRetryDecisionFollowsTheRulesAndWaitsWithinItsCaps");
        ValidDelays delays = new ValidDelays(values);
        SplittableRandom random = values.random();
        Map<Decided, Integer> seen = new EnumMap<>(Decided.class);
        for (int i = 0; i < CASES; i++) {
            RetryLimits limits = limits(random);
            Instant start = now(random);
            Instant now = start.plusMillis(random.nextLong(0, limits.timeout().toMillis() + 2));
            HttpHeaders headers = mixedHeaders(values, now, DELAY_HEADERS);
            Duration max = limits.maxRetryAfter();
            ValidDelays.Drawn valid = switch (random.nextInt(6)) {
                case 0 -> delays.draw(now, max.multipliedBy(2));
                case 1, 2 -> delays.draw(now, max.minus(BELOW_CAP), max);
                case 3 -> delays.draw(now, max.plusMillis(1), max.plusMillis(5));
                default -> null;
            };
            if (valid != null) {
                valid.headers().forEach(header -> headers.set(header.getName(), header.getValue()));
            }
            if (random.nextInt(8) == 0) {
                headers.add(HttpHeaderName.fromString(RetryDecider.X_SHOULD_RETRY), values.value(now));
            }
            int status = STATUSES[random.nextInt(STATUSES.length)];
            int attempt = random.nextInt(1, limits.maxRetries() + 3);
            String errorCode = switch (random.nextInt(3)) {
                case 0 -> null;
                case 1 -> "insufficient_quota";
                default -> values.value(now);
            };
            double jitter = random.nextDouble();
            String at = at(values, i) + " " + limits + " status " + status + " attempt " + attempt + " jitter "
                + jitter + " now " + now + " headers " + headers.toMap();

            RetryDecision decision = new RetryDecider(limits, () -> jitter)
                .onResponse(status, AzureHeaders.of(headers), errorCode, attempt, start, now);

            Duration remaining = limits.remaining(start, now);
            Optional<Duration> asked = DelaySpec.of(headers, now.atOffset(ZoneOffset.UTC)).map(Map.Entry::getValue)
                .filter(delay -> !delay.isZero());
            if (status < 400) {
                assertThat(decision.reason()).as(at).isEqualTo(RetryReason.NOT_RETRYABLE_STATUS);
            }
            if (decision.shouldRetry()) {
                assertThat(attempt).as(at + ": retried within maxRetries").isLessThanOrEqualTo(limits.maxRetries());
                assertThat(decision.delay()).as(at).isBetween(Duration.ZERO, remaining);
                if (RetryDecision.BACKOFF.equals(decision.delaySource())) {
                    assertThat(asked).as(at + ": backs off only when no delay is asked").isEmpty();
                    assertThat(decision.delay()).as(at).isLessThanOrEqualTo(limits.maxDelay());
                } else {
                    assertThat(asked).as(at + ": waits the delay the rules read").contains(decision.requestedDelay());
                    assertThat(decision.delay().toMillis()).as(at + ": padded, capped at maxRetryAfter and the budget")
                        .isEqualTo(Math.min(padded(asked.get().toMillis(), jitter),
                            shortest(max, remaining).toMillis()));
                }
            } else if (decision.reason() == RetryReason.RETRY_AFTER_ABOVE_MAX) {
                assertThat(asked).as(at).hasValueSatisfying(delay -> assertThat(delay).isGreaterThan(max));
            } else if (decision.reason() == RetryReason.TIMEOUT_BUDGET_EXCEEDED) {
                assertThat(decision.requestedDelay()).as(at).isGreaterThan(remaining);
            }
            seen.merge(decided(decision, max), 1, Integer::sum);
        }
        assertOutcomeShares(values, seen, Decided.class, 1);
    }

    @Test
    void aValidServerDelayWithinTheCapIsWaitedPaddedAndNeverPastTheCapNorTheBudget() {
        HostileValues values = new HostileValues(
            "aValidServerDelayWithinTheCapIsWaitedPaddedAndNeverPastTheCapNorTheBudget");
        ValidDelays delays = new ValidDelays(values);
        SplittableRandom random = values.random();
        int[] retryable = {408, 429, 500, 502, 503, 504};
        Map<Waited, Integer> seen = new EnumMap<>(Waited.class);
        for (int i = 0; i < CASES; i++) {
            RetryLimits limits = limits(random);
            Instant start = now(random);
            long timeout = limits.timeout().toMillis();
            // A third of the cases near the deadline, where the budget is the cap that bites (a second at least: a
            // date names whole seconds).
            Instant now = start.plusMillis(random.nextInt(3) == 0
                ? timeout - random.nextLong(1_000, Math.min(timeout, limits.maxRetryAfter().toMillis()) + 1)
                : random.nextLong(0, timeout / 2));
            Duration remaining = limits.remaining(start, now);
            Duration cap = shortest(limits.maxRetryAfter(), remaining);
            ValidDelays.Drawn drawn = switch (random.nextInt(4)) {
                case 0, 1 -> delays.draw(now, cap.minus(BELOW_CAP), cap);
                case 2 -> delays.draw(now, Duration.ofMillis(9));
                default -> delays.draw(now, cap);
            };
            int attempt = random.nextInt(1, limits.maxRetries() + 1);
            int status = retryable[random.nextInt(retryable.length)];
            double jitter = random.nextDouble();
            String at = at(values, i) + " " + limits + " status " + status + " now " + now + " jitter " + jitter
                + " headers " + drawn.headers().toMap();
            long requested = drawn.exact().plusNanos(999_999).toMillis();

            RetryDecision decision = new RetryDecider(limits, () -> jitter)
                .onResponse(status, AzureHeaders.of(drawn.headers()), null, attempt, start, now);

            if (requested == 0) {
                assertThat(decision.delaySource()).as(at).isEqualTo(RetryDecision.BACKOFF);
                continue;
            }
            assertThat(decision.shouldRetry()).as(at + " " + decision).isTrue();
            assertThat(decision.delay()).as(at + ": never shortened, never past maxRetryAfter nor the budget")
                .isGreaterThanOrEqualTo(drawn.exact()).isLessThanOrEqualTo(limits.maxRetryAfter())
                .isLessThanOrEqualTo(remaining);
            assertThat(decision.delay().toMillis()).as(at + ": padded as documented, capped")
                .isEqualTo(Math.min(padded(requested, jitter), cap.toMillis()));
            Waited waited = decision.delay().equals(limits.maxRetryAfter()) ? Waited.CAPPED_AT_MAX_RETRY_AFTER
                : decision.delay().equals(remaining) ? Waited.CAPPED_AT_BUDGET
                : decision.delay().toMillis() == requested ? Waited.AS_ASKED : Waited.PADDED;
            seen.merge(waited, 1, Integer::sum);
        }
        assertOutcomeShares(values, seen, Waited.class, 5);
    }

    @Test
    void theGateReadsHostileCountersWithoutThrowingAndHoldsWithinItsCaps() {
        HostileValues values = new HostileValues("theGateReadsHostileCountersWithoutThrowingAndHoldsWithinItsCaps");
        SplittableRandom random = values.random();
        Map<GateRead, Integer> read = new EnumMap<>(GateRead.class);
        Map<GateNext, Integer> next = new EnumMap<>(GateNext.class);
        for (int i = 0; i < CASES; i++) {
            Instant now = now(random);
            HttpHeaders headers = mixedHeaders(values, now, GATE_HEADERS);
            int status = STATUSES[random.nextInt(STATUSES.length)];
            GateSettings settings = new GateSettings(random.nextInt(1, 9), millis(random, 1, 120_000),
                millis(random, 1, 5_000), Duration.ofSeconds(60), Duration.ofMinutes(10));
            long cost = random.nextLong(1, 10_000);
            String at = at(values, i) + " " + settings + " status " + status + " headers " + headers.toMap();

            ThrottleFeedback feedback = ResponseFeedback.feedback(status, headers, now.atOffset(ZoneOffset.UTC));
            assertCountersPlausible(feedback, at);
            KeyLedger ledger = new KeyLedger(settings, now);
            LedgerDecision first = ledger.tryTake(cost, now);
            assertThat(first.admitted()).as(at).isTrue();
            for (int more = random.nextInt(0, settings.initialAdmission() + 3); more > 0; more--) {
                ledger.tryTake(cost, now);
            }
            ledger.observe(first.sequence(), first.cost(), feedback, now);
            LedgerDecision decision = ledger.tryTake(cost, now);
            for (int again = 0; again < 2 && decision.admitted(); again++) {
                decision = ledger.tryTake(cost, now);
            }

            Duration longestHold = longest(settings.maxRetryAfter(), settings.counterValidity());
            if (feedback.isThrottled()) {
                assertThat(Duration.between(now, ledger.holdUntil())).as(at).isBetween(Duration.ZERO, longestHold);
                if (feedback.retryAfter() != null && feedback.retryAfter().compareTo(settings.maxRetryAfter()) <= 0) {
                    assertThat(Duration.between(now, ledger.holdUntil())).as(at + ": a 429 holds for its delay")
                        .isEqualTo(feedback.retryAfter());
                }
            }
            if (decision.admitted()) {
                next.merge(GateNext.ADMITTED, 1, Integer::sum);
            } else if (decision.retryAt() == null) {
                next.merge(GateNext.AWAITING_AN_ANSWER, 1, Integer::sum);
            } else {
                assertThat(Duration.between(now, decision.retryAt())).as(at)
                    .isBetween(Duration.ZERO, longest(longestHold, MAX_PLAUSIBLE_RESET));
                next.merge(GateNext.HELD_UNTIL_A_TIME, 1, Integer::sum);
            }
            read.merge(feedback.retryAfter() != null ? GateRead.A_DELAY
                : feedback.remainingRequests() != null || feedback.remainingTokens() != null
                ? GateRead.A_COUNTER_AND_NO_DELAY : GateRead.NOTHING, 1, Integer::sum);
        }
        assertOutcomeShares(values, read, GateRead.class, 5);
        assertOutcomeShares(values, next, GateNext.class, 1);
    }

    private static Decided decided(RetryDecision decision, Duration maxRetryAfter) {
        return switch (decision.reason()) {
            case RETRYABLE_STATUS, SERVER_REQUESTED_RETRY -> RetryDecision.BACKOFF.equals(decision.delaySource())
                ? Decided.BACKED_OFF : decision.delay().equals(maxRetryAfter) ? Decided.WAITED_CAPPED_AT_MAX_RETRY_AFTER
                : Decided.WAITED_FOR_THE_SERVER;
            case RETRIES_EXHAUSTED, RETRIES_OFF -> Decided.STOPPED_RETRIES_EXHAUSTED;
            case INSUFFICIENT_QUOTA -> Decided.STOPPED_INSUFFICIENT_QUOTA;
            case RETRY_AFTER_ABOVE_MAX -> Decided.STOPPED_ABOVE_MAX_RETRY_AFTER;
            case TIMEOUT_BUDGET_EXCEEDED -> Decided.STOPPED_BY_BUDGET;
            default -> Decided.STOPPED_NOT_RETRYABLE;
        };
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

    /** Asserts that each outcome of the code under test was seen in at least {@code percent} % of the cases. */
    private static <B extends Enum<B>> void assertOutcomeShares(HostileValues values, Map<B, Integer> seen,
        Class<B> outcomes, int percent) {
        int total = seen.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("  seed " + values.seed() + ": outcomes of the code under test " + seen + " of " + total);
        for (B outcome : outcomes.getEnumConstants()) {
            assertThat(seen.getOrDefault(outcome, 0) * 100L).as("seed %d: share of outcome %s in %s, at least %d %%",
                values.seed(), outcome, seen, percent).isGreaterThanOrEqualTo((long) total * percent);
        }
    }

    /** Sets each name on zero to two lines, each a hostile value or (half of them) a plausible delay. */
    private static HttpHeaders mixedHeaders(HostileValues values, Instant now, String... names) {
        HttpHeaders headers = new HttpHeaders();
        for (String name : names) {
            for (int line = values.random().nextInt(3); line > 0; line--) {
                headers.add(HttpHeaderName.fromString(values.mixedCase(name)), mixedValue(values, now));
            }
        }
        return headers;
    }

    /** A hostile value, or (half of the time) one a server could send: a delay or a counter. */
    private static String mixedValue(HostileValues values, Instant now) {
        SplittableRandom random = values.random();
        if (random.nextBoolean()) {
            return values.value(now);
        }
        String pad = random.nextInt(4) == 0 ? " " : "";
        return pad + switch (random.nextInt(5)) {
            case 0 -> "0";
            case 1 -> Long.toString(random.nextLong(1, 10_000));
            case 2 -> BigDecimal.valueOf(random.nextLong(1, 40L * 86_400_000), random.nextInt(0, 4)).toPlainString();
            case 3 -> values.httpDate(now.plusSeconds(random.nextLong(-3_600, 7_200)));
            default -> values.httpDate(now.plusSeconds(random.nextLong(-3_600, 7_200))
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        } + pad;
    }

    /** The documented padding: {@code requested + floor(min(requested / 10, 250 ms) * jitter)}, in milliseconds. */
    private static long padded(long requestedMillis, double jitter) {
        return requestedMillis + (long) Math.floor(Math.min(requestedMillis / 10, 250) * jitter);
    }

    private static Duration shortest(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
