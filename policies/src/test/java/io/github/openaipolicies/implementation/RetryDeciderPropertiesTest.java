// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaders;
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

import static io.github.openaipolicies.implementation.RetryAfterHeadersTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link RetryDecider} and {@link RetryAfterHeaders} over generated inputs.
 *
 * <p>Each property runs {@link #CASES} cases from one {@link SplittableRandom}, seeded from the clock unless the
 * system property {@code retry.properties.seed} names a seed; the seed is printed, and every failure message names it
 * with the case number, so a failure can be replayed. Case {@code i} aims at branch {@code i % 4}, and the values are
 * drawn relative to the limits so that they land in that branch. Each property checks the decision against the rules
 * and then counts the branches actually taken: every branch must be taken in at least a fifth of the cases.</p>
 */
class RetryDeciderPropertiesTest {
    private static final int CASES = 400;
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final long THIRTY_DAYS_MS = RetryAfterHeaders.LONGEST_PLAUSIBLE.toMillis();

    private enum ServerDelayBranch { WAITED, ABOVE_MAX_RETRY_AFTER, PAST_TIMEOUT, RETRIES_EXHAUSTED }

    private enum BackoffBranch { NO_SERVER_DELAY, ZERO_SERVER_DELAY, PAST_TIMEOUT, RETRIES_EXHAUSTED }

    private enum ParseBranch { SECONDS, HTTP_DATE, REJECTED }

    private final long seed = Long.getLong("retry.properties.seed", System.nanoTime());

    @Test
    void aServerDelayIsNeverShortenedAndStaysWithinItsLimits() {
        SplittableRandom random = seeded("aServerDelayIsNeverShortenedAndStaysWithinItsLimits");
        Map<ServerDelayBranch, Integer> taken = new EnumMap<>(ServerDelayBranch.class);
        for (int i = 0; i < CASES; i++) {
            ServerDelayBranch aim = ServerDelayBranch.values()[i % 4];
            RetryLimits limits = limits(random);
            long timeout = limits.timeout().toMillis();
            long maxRetryAfter = limits.maxRetryAfter().toMillis();
            long elapsed = aim == ServerDelayBranch.PAST_TIMEOUT
                ? random.nextLong(Math.max(0, timeout - maxRetryAfter + 1), timeout)
                : random.nextLong(0, timeout);
            long remaining = timeout - elapsed;
            int attempt = aim == ServerDelayBranch.RETRIES_EXHAUSTED
                ? random.nextInt(limits.maxRetries() + 1, limits.maxRetries() + 6)
                : random.nextInt(1, limits.maxRetries() + 1);
            long requested = switch (aim) {
                case WAITED -> random.nextLong(1, Math.min(maxRetryAfter, remaining) + 1);
                case ABOVE_MAX_RETRY_AFTER -> random.nextLong(maxRetryAfter + 1, 3 * maxRetryAfter + 2);
                case PAST_TIMEOUT -> random.nextLong(remaining + 1, maxRetryAfter + 1);
                case RETRIES_EXHAUSTED -> random.nextLong(1, 200_000);
            };
            double jitter = random.nextDouble();
            String at = at(i) + " " + limits + " attempt=" + attempt + " elapsed=" + elapsed + " requested="
                + requested;

            RetryDecision decision = new RetryDecider(limits, () -> jitter).onResponse(429,
                headers("retry-after-ms", Long.toString(requested)), null, attempt, START, START.plusMillis(elapsed));

            ServerDelayBranch branch = switch (decision.reason()) {
                case RETRYABLE_STATUS -> ServerDelayBranch.WAITED;
                case RETRY_AFTER_ABOVE_MAX -> ServerDelayBranch.ABOVE_MAX_RETRY_AFTER;
                case TIMEOUT_BUDGET_EXCEEDED -> ServerDelayBranch.PAST_TIMEOUT;
                case RETRIES_EXHAUSTED -> ServerDelayBranch.RETRIES_EXHAUSTED;
                default -> throw new AssertionError("unexpected decision " + decision + " " + at);
            };
            assertThat(branch).as(at).isEqualTo(expected(attempt, limits, requested, remaining));
            if (branch == ServerDelayBranch.WAITED) {
                assertThat(decision.delay().toMillis()).as(at).isGreaterThanOrEqualTo(requested)
                    .isLessThanOrEqualTo(requested + Math.min(requested / 10, Jitter.MAX_PADDING.toMillis()))
                    .isLessThanOrEqualTo(remaining);
                assertThat(decision.delaySource()).as(at).isEqualTo("retry-after-ms");
            } else {
                assertThat(decision.delay()).as(at).isZero();
            }
            taken.merge(branch, 1, Integer::sum);
        }
        assertEveryBranchTakenInAFifthOfTheCases(taken, ServerDelayBranch.values());
    }

    @Test
    void aBackoffDelayIsPositiveAndNeverExceedsMaxDelayNorTheRemainingBudget() {
        SplittableRandom random = seeded("aBackoffDelayIsPositiveAndNeverExceedsMaxDelayNorTheRemainingBudget");
        Map<BackoffBranch, Integer> taken = new EnumMap<>(BackoffBranch.class);
        for (int i = 0; i < CASES; i++) {
            BackoffBranch aim = BackoffBranch.values()[i % 4];
            RetryLimits limits = limits(random);
            int attempt = aim == BackoffBranch.RETRIES_EXHAUSTED
                ? random.nextInt(limits.maxRetries() + 1, limits.maxRetries() + 6)
                : random.nextInt(1, limits.maxRetries() + 1);
            double jitter = random.nextDouble();
            // The documented bounds of the backoff delay: [ceil(0.8 * uncapped), uncapped].
            long uncapped = Math.min(limits.baseDelay().toMillis() << (attempt - 1), limits.maxDelay().toMillis());
            long shortest = (long) Math.ceil(uncapped * Backoff.MIN_JITTER_FACTOR);
            long timeout = limits.timeout().toMillis();
            long remaining = aim == BackoffBranch.PAST_TIMEOUT
                ? random.nextLong(0, shortest) : random.nextLong(uncapped, timeout + 1);
            long elapsed = timeout - remaining;
            boolean zeroHeader = aim == BackoffBranch.ZERO_SERVER_DELAY
                || (aim != BackoffBranch.NO_SERVER_DELAY && random.nextBoolean());
            HttpHeaders headers = zeroHeader ? zeroDelayHeader(random) : new HttpHeaders();
            String at = at(i) + " " + limits + " attempt=" + attempt + " elapsed=" + elapsed + " headers=" + headers;

            RetryDecision decision = new RetryDecider(limits, () -> jitter).onResponse(503, headers, null, attempt,
                START, START.plusMillis(elapsed));

            BackoffBranch branch = switch (decision.reason()) {
                case RETRYABLE_STATUS -> zeroHeader ? BackoffBranch.ZERO_SERVER_DELAY : BackoffBranch.NO_SERVER_DELAY;
                case TIMEOUT_BUDGET_EXCEEDED -> BackoffBranch.PAST_TIMEOUT;
                case RETRIES_EXHAUSTED -> BackoffBranch.RETRIES_EXHAUSTED;
                default -> throw new AssertionError("unexpected decision " + decision + " " + at);
            };
            assertThat(branch).as(at).isEqualTo(aim);
            if (decision.shouldRetry()) {
                assertThat(decision.delay().toMillis()).as(at).isPositive()
                    .isGreaterThanOrEqualTo(shortest)
                    .isLessThanOrEqualTo(limits.maxDelay().toMillis())
                    .isLessThanOrEqualTo(remaining);
                assertThat(decision.delaySource()).as(at).isEqualTo(RetryDecision.BACKOFF);
            }
            taken.merge(branch, 1, Integer::sum);
        }
        assertEveryBranchTakenInAFifthOfTheCases(taken, BackoffBranch.values());
    }

    @Test
    void anyRetryAfterValueParsesWithoutThrowingToNothingOrAPlausibleDelay() {
        SplittableRandom random = seeded("anyRetryAfterValueParsesWithoutThrowingToNothingOrAPlausibleDelay");
        Map<ParseBranch, Integer> taken = new EnumMap<>(ParseBranch.class);
        for (int i = 0; i < CASES; i++) {
            String value;
            Duration expected = null;
            switch (i % 4) {
                case 0 -> {
                    long millis = random.nextLong(0, THIRTY_DAYS_MS / 1000 * 1000 + 1);
                    BigDecimal seconds = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
                    value = seconds.toPlainString();
                    expected = Duration.ofMillis(millis);
                }
                case 1 -> {
                    long offsetSeconds = random.nextLong(-THIRTY_DAYS_MS / 1000, THIRTY_DAYS_MS / 1000 + 1);
                    value = NOW.plusSeconds(offsetSeconds).format(DateTimeFormatter.RFC_1123_DATE_TIME);
                    expected = Duration.ofSeconds(Math.max(0, offsetSeconds));
                }
                case 2 -> value = unusable(random);
                default -> value = anyString(random);
            }
            String at = at(i) + " value=\"" + value + "\"";

            ParseBranch branch;
            var parsed = RetryAfterHeaders.parseRetryAfter(value, NOW);
            if (parsed.isPresent()) {
                assertThat(parsed.get()).as(at).isBetween(Duration.ZERO, RetryAfterHeaders.LONGEST_PLAUSIBLE);
                branch = value.contains("GMT") ? ParseBranch.HTTP_DATE : ParseBranch.SECONDS;
            } else {
                branch = ParseBranch.REJECTED;
            }
            if (expected != null) {
                assertThat(parsed).as(at).contains(expected);
            } else if (i % 4 == 2) {
                assertThat(parsed).as(at).isEmpty();
            }
            RetryAfterHeaders.parseMillis(value).ifPresent(delay -> assertThat(delay).as(at)
                .isBetween(Duration.ZERO, RetryAfterHeaders.LONGEST_PLAUSIBLE));
            taken.merge(branch, 1, Integer::sum);
        }
        assertEveryBranchTakenInAFifthOfTheCases(taken, ParseBranch.values());
    }

    private SplittableRandom seeded(String property) {
        System.out.printf("%s: seed %d (replay with -Dretry.properties.seed=%d)%n", property, seed, seed);
        return new SplittableRandom(seed);
    }

    private String at(int caseNumber) {
        return "seed " + seed + ", case " + caseNumber + ":";
    }

    private static ServerDelayBranch expected(int attempt, RetryLimits limits, long requested, long remaining) {
        if (attempt > limits.maxRetries()) {
            return ServerDelayBranch.RETRIES_EXHAUSTED;
        }
        if (requested > limits.maxRetryAfter().toMillis()) {
            return ServerDelayBranch.ABOVE_MAX_RETRY_AFTER;
        }
        return requested > remaining ? ServerDelayBranch.PAST_TIMEOUT : ServerDelayBranch.WAITED;
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

    private static HttpHeaders zeroDelayHeader(SplittableRandom random) {
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

    private static <B extends Enum<B>> void assertEveryBranchTakenInAFifthOfTheCases(Map<B, Integer> taken,
        B[] branches) {
        System.out.println("  branches taken: " + taken);
        for (B branch : branches) {
            assertThat(taken.getOrDefault(branch, 0)).as("cases taking branch %s (all: %s)", branch, taken)
                .isGreaterThanOrEqualTo(CASES / 5);
        }
    }
}
