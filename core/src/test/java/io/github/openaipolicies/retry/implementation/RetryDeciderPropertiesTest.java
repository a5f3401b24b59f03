// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import static io.github.openaipolicies.retry.implementation.RetryAfterHeadersTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link RetryDecider} and {@link RetryAfterHeaders} over generated inputs.
 *
 * <p>Each property runs {@link #CASES} cases from one {@link SplittableRandom}, seeded from the clock unless the
 * system property {@code retry.properties.seed} names a seed; the seed is printed, and every failure message names it
 * with the case number, so a failure can be replayed. Each case is checked against the decision the rules give,
 * computed here independently of the code (the exact delay, jitter and caps included), and then classified by what
 * the code under test did (retried or stopped, why, and whether its delay was capped); every such outcome must be seen
 * in at least {@value #LEAST_OUTCOME_PERCENT} % of the cases. The inputs are drawn around the edges the rules have: a
 * requested delay just below, equal to and just above {@code maxRetryAfter} and the remaining budget.</p>
 */
class RetryDeciderPropertiesTest {
    private static final int CASES = 4_000;
    private static final int LEAST_OUTCOME_PERCENT = 4;
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final long THIRTY_DAYS_MS = RetryAfterHeaders.LONGEST_PLAUSIBLE.toMillis();
    /** The largest jitter padding of a server delay (the documented 250 ms, written out so a change is caught). */
    private static final long MAX_PADDING_MS = 250;

    /** What the decider did with a 429 asking for a delay, read from its decision. */
    private enum ServerDelayOutcome {
        /** Retried after the requested delay plus its jitter, below both caps. */
        WAITED_PADDED,
        /** Retried after exactly {@code maxRetryAfter}: the delay asked, padded, reached the cap. */
        WAITED_CAPPED_AT_MAX_RETRY_AFTER,
        /** Retried after exactly the remaining budget (below {@code maxRetryAfter}): the delay reached it. */
        WAITED_CAPPED_AT_BUDGET,
        /** Stopped: the delay asked is above {@code maxRetryAfter}. */
        STOPPED_ABOVE_MAX_RETRY_AFTER,
        /** Stopped: the delay asked ends after the budget. */
        STOPPED_BY_BUDGET,
        /** Stopped: no retry left. */
        STOPPED_RETRIES_EXHAUSTED
    }

    /** What the decider did with a 503, read from its decision. */
    private enum BackoffOutcome {
        /** Retried after the backoff delay, the response naming no delay. */
        BACKED_OFF,
        /** Retried after the backoff delay although the response asked for no delay at all. */
        BACKED_OFF_INSTEAD_OF_A_ZERO_DELAY,
        /** Stopped: the backoff delay ends after the budget. */
        STOPPED_BY_BUDGET,
        /** Stopped: no retry left. */
        STOPPED_RETRIES_EXHAUSTED
    }

    /** What the parser made of a {@code Retry-After} value. */
    private enum ParseOutcome { POSITIVE_DELAY, ZERO_DELAY, REJECTED }

    private final long seed = Long.getLong("retry.properties.seed", System.nanoTime());

    @Test
    void aServerDelayIsNeverShortenedNeverExceedsMaxRetryAfterNorTheBudget() {
        SplittableRandom random = seeded("aServerDelayIsNeverShortenedNeverExceedsMaxRetryAfterNorTheBudget");
        Map<ServerDelayOutcome, Integer> seen = new EnumMap<>(ServerDelayOutcome.class);
        for (int i = 0; i < CASES; i++) {
            RetryLimits limits = limits(random);
            long timeout = limits.timeout().toMillis();
            long maxRetryAfter = limits.maxRetryAfter().toMillis();
            int edge = random.nextInt(5);
            // Near the budget edge the budget is below maxRetryAfter, so that edge is the one that bites.
            long elapsed = edge == 4 ? timeout - random.nextLong(1, Math.min(timeout, maxRetryAfter) + 1)
                : random.nextLong(0, timeout);
            long remaining = timeout - elapsed;
            int attempt = random.nextInt(6) == 0
                ? random.nextInt(limits.maxRetries() + 1, limits.maxRetries() + 6)
                : random.nextInt(1, limits.maxRetries() + 1);
            long requested = switch (edge) {
                case 0 -> random.nextLong(1, maxRetryAfter * 3 / 2 + 2);
                case 1 -> maxRetryAfter;
                case 2 -> Math.max(1, maxRetryAfter - random.nextLong(1, MAX_PADDING_MS + 1));
                case 3 -> maxRetryAfter + random.nextLong(1, 6);
                default -> Math.max(1, remaining - random.nextLong(0, Math.min(remaining / 11, MAX_PADDING_MS) + 1)
                    + random.nextLong(0, 2));
            };
            double jitter = random.nextDouble();
            String at = at(i) + " " + limits + " attempt=" + attempt + " elapsed=" + elapsed + " requested="
                + requested + " jitter=" + jitter;

            RetryDecision decision = new RetryDecider(limits, () -> jitter).onResponse(429,
                headers("retry-after-ms", Long.toString(requested)), null, attempt, START, START.plusMillis(elapsed));

            if (attempt > limits.maxRetries()) {
                assertThat(decision.reason()).as(at).isEqualTo(RetryReason.RETRIES_EXHAUSTED);
            } else if (requested > maxRetryAfter) {
                assertThat(decision.reason()).as(at).isEqualTo(RetryReason.RETRY_AFTER_ABOVE_MAX);
            } else if (requested > remaining) {
                assertThat(decision.reason()).as(at).isEqualTo(RetryReason.TIMEOUT_BUDGET_EXCEEDED);
            } else {
                long padded = requested + (long) Math.floor(Math.min(requested / 10, MAX_PADDING_MS) * jitter);
                assertThat(decision.reason()).as(at).isEqualTo(RetryReason.RETRYABLE_STATUS);
                assertThat(decision.delaySource()).as(at).isEqualTo("retry-after-ms");
                assertThat(decision.requestedDelay()).as(at).isEqualTo(Duration.ofMillis(requested));
                assertThat(decision.delay().toMillis()).as(at + ": never shortened, never past maxRetryAfter nor "
                    + "the budget, else padded").isGreaterThanOrEqualTo(requested)
                    .isLessThanOrEqualTo(maxRetryAfter)
                    .isLessThanOrEqualTo(remaining)
                    .isEqualTo(Math.min(padded, Math.min(maxRetryAfter, remaining)));
            }
            if (!decision.shouldRetry()) {
                assertThat(decision.delay()).as(at).isZero();
            }
            seen.merge(outcome(decision, limits, remaining, at), 1, Integer::sum);
        }
        assertEveryOutcomeSeen(seen, ServerDelayOutcome.values());
    }

    @Test
    void aBackoffDelayIsPositiveAndNeverExceedsMaxDelayNorTheRemainingBudget() {
        SplittableRandom random = seeded("aBackoffDelayIsPositiveAndNeverExceedsMaxDelayNorTheRemainingBudget");
        Map<BackoffOutcome, Integer> seen = new EnumMap<>(BackoffOutcome.class);
        for (int i = 0; i < CASES; i++) {
            RetryLimits limits = limits(random);
            int attempt = random.nextInt(5) == 0
                ? random.nextInt(limits.maxRetries() + 1, limits.maxRetries() + 6)
                : random.nextInt(1, limits.maxRetries() + 1);
            double jitter = random.nextDouble();
            // The documented backoff: min(base * 2^(n-1), max) times a factor in [0.8, 1), rounded up.
            long uncapped = Math.min(limits.baseDelay().toMillis() << Math.min(attempt - 1, 40),
                limits.maxDelay().toMillis());
            long expected = Math.min((long) Math.ceil(uncapped * (0.8 + 0.2 * jitter)), uncapped);
            long timeout = limits.timeout().toMillis();
            long remaining = random.nextBoolean() ? random.nextLong(0, timeout + 1)
                : Math.max(0, Math.min(timeout, expected + random.nextLong(-3, 4)));
            long elapsed = timeout - remaining;
            HeaderLookup headers = random.nextBoolean() ? zeroDelayHeader(random) : HeaderLookup.NONE;
            String at = at(i) + " " + limits + " attempt=" + attempt + " elapsed=" + elapsed + " headers=" + headers
                + " jitter=" + jitter;

            RetryDecision decision = new RetryDecider(limits, () -> jitter).onResponse(503, headers, null, attempt,
                START, START.plusMillis(elapsed));

            if (attempt > limits.maxRetries()) {
                assertThat(decision.reason()).as(at).isEqualTo(RetryReason.RETRIES_EXHAUSTED);
            } else if (expected > remaining) {
                assertThat(decision.reason()).as(at).isEqualTo(RetryReason.TIMEOUT_BUDGET_EXCEEDED);
            } else {
                assertThat(decision.reason()).as(at).isEqualTo(RetryReason.RETRYABLE_STATUS);
                assertThat(decision.delaySource()).as(at).isEqualTo(RetryDecision.BACKOFF);
                assertThat(decision.delay().toMillis()).as(at).isPositive()
                    .isLessThanOrEqualTo(limits.maxDelay().toMillis())
                    .isLessThanOrEqualTo(remaining)
                    .isEqualTo(expected);
            }
            BackoffOutcome outcome = switch (decision.reason()) {
                case RETRYABLE_STATUS -> RetryAfterHeaders.parse(headers, START.atOffset(ZoneOffset.UTC))
                    .isPresent() ? BackoffOutcome.BACKED_OFF_INSTEAD_OF_A_ZERO_DELAY : BackoffOutcome.BACKED_OFF;
                case TIMEOUT_BUDGET_EXCEEDED -> BackoffOutcome.STOPPED_BY_BUDGET;
                case RETRIES_EXHAUSTED -> BackoffOutcome.STOPPED_RETRIES_EXHAUSTED;
                default -> throw new AssertionError("unexpected decision " + decision + " " + at);
            };
            seen.merge(outcome, 1, Integer::sum);
        }
        assertEveryOutcomeSeen(seen, BackoffOutcome.values());
    }

    @Test
    void anyRetryAfterValueParsesWithoutThrowingToNothingOrAPlausibleDelay() {
        SplittableRandom random = seeded("anyRetryAfterValueParsesWithoutThrowingToNothingOrAPlausibleDelay");
        Map<ParseOutcome, Integer> seen = new EnumMap<>(ParseOutcome.class);
        for (int i = 0; i < CASES; i++) {
            String value;
            Duration expected = null;
            int form = random.nextInt(4);
            switch (form) {
                case 0 -> {
                    // Microseconds, so that a sub-millisecond part must be rounded up, never down nor to nearest.
                    long micros = random.nextInt(8) == 0 ? 0 : random.nextInt(4) == 0
                        ? (THIRTY_DAYS_MS - random.nextLong(0, 2_000)) * 1000 - random.nextLong(0, 1000)
                        : random.nextLong(0, THIRTY_DAYS_MS * 1000 + 1);
                    BigDecimal seconds = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
                    value = seconds.toPlainString();
                    expected = Duration.ofMillis((micros + 999) / 1000);
                }
                case 1 -> {
                    long offsetSeconds = random.nextLong(-THIRTY_DAYS_MS / 1000, THIRTY_DAYS_MS / 1000 + 1);
                    value = NOW.plusSeconds(offsetSeconds).format(DateTimeFormatter.RFC_1123_DATE_TIME);
                    expected = Duration.ofSeconds(Math.max(0, offsetSeconds));
                }
                case 2 -> value = unusable(random);
                default -> value = anyString(random);
            }
            boolean mustReject = form == 2;
            String at = at(i) + " value=\"" + value + "\"";

            var parsed = RetryAfterHeaders.parseRetryAfter(value, NOW);

            parsed.ifPresent(delay -> assertThat(delay).as(at)
                .isBetween(Duration.ZERO, RetryAfterHeaders.LONGEST_PLAUSIBLE));
            if (expected != null) {
                assertThat(parsed).as(at).contains(expected);
            } else if (mustReject) {
                assertThat(parsed).as(at).isEmpty();
            }
            RetryAfterHeaders.parseMillis(value).ifPresent(delay -> assertThat(delay).as(at)
                .isBetween(Duration.ZERO, RetryAfterHeaders.LONGEST_PLAUSIBLE));
            seen.merge(parsed.map(delay -> delay.isZero() ? ParseOutcome.ZERO_DELAY : ParseOutcome.POSITIVE_DELAY)
                .orElse(ParseOutcome.REJECTED), 1, Integer::sum);
        }
        assertEveryOutcomeSeen(seen, ParseOutcome.values());
    }

    private static ServerDelayOutcome outcome(RetryDecision decision, RetryLimits limits, long remaining, String at) {
        return switch (decision.reason()) {
            case RETRYABLE_STATUS -> decision.delay().equals(limits.maxRetryAfter())
                ? ServerDelayOutcome.WAITED_CAPPED_AT_MAX_RETRY_AFTER
                : decision.delay().toMillis() == remaining
                ? ServerDelayOutcome.WAITED_CAPPED_AT_BUDGET : ServerDelayOutcome.WAITED_PADDED;
            case RETRY_AFTER_ABOVE_MAX -> ServerDelayOutcome.STOPPED_ABOVE_MAX_RETRY_AFTER;
            case TIMEOUT_BUDGET_EXCEEDED -> ServerDelayOutcome.STOPPED_BY_BUDGET;
            case RETRIES_EXHAUSTED -> ServerDelayOutcome.STOPPED_RETRIES_EXHAUSTED;
            default -> throw new AssertionError("unexpected decision " + decision + " " + at);
        };
    }

    private SplittableRandom seeded(String property) {
        System.out.printf("%s: seed %d (replay with -Dretry.properties.seed=%d)%n", property, seed, seed);
        return new SplittableRandom(seed);
    }

    private String at(int caseNumber) {
        return "seed " + seed + ", case " + caseNumber + ":";
    }

    /** Limits with at least one retry; the timeout always exceeds the largest backoff delay. */
    private static RetryLimits limits(SplittableRandom random) {
        int retries = random.nextInt(1, 13);
        long base = random.nextLong(1, 5_001);
        long max = random.nextLong(base, 60_001);
        long maxRetryAfter = random.nextLong(2, 120_001);
        long timeout = random.nextLong(max + 1, 300_001);
        return new RetryLimits(retries, Duration.ofMillis(base), Duration.ofMillis(max),
            Duration.ofMillis(maxRetryAfter), Duration.ofMillis(timeout));
    }

    private static HeaderLookup zeroDelayHeader(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> headers("Retry-After", "0");
            case 1 -> headers("retry-after-ms", "0");
            case 2 -> headers("x-ms-retry-after-ms", "0.000");
            default -> headers("Retry-After", NOW.minusSeconds(random.nextLong(0, 86_400))
                .format(DateTimeFormatter.RFC_1123_DATE_TIME));
        };
    }

    /** A value that must be refused: negative, signed, exponent, too many digits, too long ago, or garbled. */
    private static String unusable(SplittableRandom random) {
        long number = random.nextLong(1, Long.MAX_VALUE);
        return switch (random.nextInt(6)) {
            case 0 -> "-" + number;
            case 1 -> "+" + (number % 1000);
            case 2 -> (number % 100) + "e" + random.nextInt(1, 9);
            case 3 -> new BigDecimal(THIRTY_DAYS_MS / 1000 + 1 + number % 1_000_000).toPlainString();
            case 4 -> (number % 1000) + "," + (number % 10);
            default -> "soon" + number;
        };
    }

    private static String anyString(SplittableRandom random) {
        String alphabet = random.nextBoolean() ? null : "0123456789.-+eE ,GMT";
        int length = random.nextInt(41);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet == null ? (char) random.nextInt(0x3000)
                : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private <B extends Enum<B>> void assertEveryOutcomeSeen(Map<B, Integer> seen, B[] outcomes) {
        System.out.println("  seed " + seed + ": outcomes of the code under test: " + seen);
        for (B outcome : outcomes) {
            assertThat(seen.getOrDefault(outcome, 0) * 100L).as("seed %d: cases with outcome %s (all: %s), at least "
                + "%d %%", seed, outcome, seen, LEAST_OUTCOME_PERCENT)
                .isGreaterThanOrEqualTo((long) CASES * LEAST_OUTCOME_PERCENT);
        }
    }
}
