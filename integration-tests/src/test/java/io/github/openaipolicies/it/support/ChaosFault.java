// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The kinds of fault the chaos soak injects, each with how to make one from a seeded random source and how long the
 * server allowed the client to wait after it (from the {@code Retry-After} family of headers, the ones
 * {@code RetryAfterPolicy} documents; zero when the answer names no usable delay).
 */
public enum ChaosFault {
    /** A 429 with {@code retry-after-ms} (and {@code retry-after} rounded up to seconds), 20 to 150 ms. */
    RETRY_AFTER_MS {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.tooManyRequests(Duration.ofMillis(random.nextInt(20, 151)));
        }

        @Override
        public Duration allowed(Fault fault, JournalEntry entry) {
            return Duration.ofMillis(Long.parseLong(header(fault, "retry-after-ms")));
        }
    },
    /** A 429 with {@code x-ms-retry-after-ms} only, 20 to 150 ms. */
    X_MS_RETRY_AFTER_MS {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.status(429).withHeader("x-ms-retry-after-ms", Integer.toString(random.nextInt(20, 151)));
        }

        @Override
        public Duration allowed(Fault fault, JournalEntry entry) {
            return Duration.ofMillis(Long.parseLong(header(fault, "x-ms-retry-after-ms")));
        }
    },
    /** A 429 with {@code Retry-After: 1} only (whole seconds, the smallest non-zero value). */
    RETRY_AFTER_SECONDS {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.tooManyRequestsRetryAfterSecondsOnly(Duration.ofSeconds(1));
        }

        @Override
        public Duration allowed(Fault fault, JournalEntry entry) {
            return Duration.ofSeconds(1);
        }
    },
    /** A 429 with {@code Retry-After} as an HTTP-date 1 s ahead of the simulator's clock, rounded up. */
    RETRY_AFTER_HTTP_DATE {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.tooManyRequestsWithHttpDate(Duration.ofSeconds(1));
        }

        @Override
        public Duration allowed(Fault fault, JournalEntry entry) {
            Instant date = entry.arrivedAt().plus(fault.httpDateRetryAfter());
            Instant whole = date.truncatedTo(ChronoUnit.SECONDS);
            return Duration.between(entry.arrivedAt(), whole.equals(date) ? date : whole.plusSeconds(1));
        }
    },
    /** A 429 asking for 30 s, far above the soak's {@code maxRetryAfter}: the call must stop at once, not wait. */
    RETRY_AFTER_ABOVE_CAP {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.tooManyRequests(Duration.ofSeconds(30));
        }

        @Override
        public Duration allowed(Fault fault, JournalEntry entry) {
            return Duration.ofSeconds(30);
        }
    },
    /** A 429 with only {@code x-ratelimit-reset-tokens: 1} (no {@code Retry-After}): a hint, not a delay. */
    RESET_TOKENS_ONLY {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.tooManyRequestsResetTokensOnly(Duration.ofSeconds(1), random.nextBoolean());
        }
    },
    /** A 429 whose delay headers are garbage. */
    RETRY_AFTER_GARBAGE {
        @Override
        public Fault make(SplittableRandom random) {
            String value = GARBAGE.get(random.nextInt(GARBAGE.size()));
            return Fault.status(429).withHeader("Retry-After", value).withHeader("retry-after-ms", value);
        }
    },
    /** A 429 with {@code Retry-After: 0} and {@code retry-after-ms: 0}: retry at once, which the policy backs off. */
    RETRY_AFTER_ZERO {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.tooManyRequests(Duration.ZERO);
        }
    },
    /** A 429 without any delay header. */
    NO_DELAY_HEADER {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.tooManyRequestsWithoutDelay();
        }
    },
    /** A burst of 2 to 6 consecutive 503s. */
    SERVICE_UNAVAILABLE_BURST {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.status(503);
        }

        @Override
        public int times(SplittableRandom random) {
            return random.nextInt(2, 7);
        }
    },
    /** The connection reset before any response. */
    RESET_BEFORE_RESPONSE {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.connectionReset();
        }
    },
    /** A 200 that declares its whole length, sends half, and closes the connection in the middle of the body. */
    RESET_MID_BODY {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.breakOff();
        }
    },
    /** A 200 whose JSON is cut short, complete as an HTTP message. */
    TRUNCATED_200 {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.truncatedBody();
        }
    },
    /** An answer 3 times slower than the client's response timeout. */
    SLOWER_THAN_CLIENT_TIMEOUT {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.delay(SLOW);
        }
    },
    /** A 429 {@code insufficient_quota}: never retried. */
    INSUFFICIENT_QUOTA {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.insufficientQuota();
        }
    },
    /** One run of {@link #STORM_LENGTH} consecutive 429s, each asking {@link #STORM_WINDOW}. */
    THROTTLE_STORM {
        @Override
        public Fault make(SplittableRandom random) {
            return Fault.tooManyRequests(STORM_WINDOW);
        }

        @Override
        public int times(SplittableRandom random) {
            return STORM_LENGTH;
        }

        @Override
        public Duration allowed(Fault fault, JournalEntry entry) {
            return STORM_WINDOW;
        }
    };

    /** The response timeout every soak call gives its transport. */
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);
    /** The delay of {@link #SLOWER_THAN_CLIENT_TIMEOUT}. */
    public static final Duration SLOW = CLIENT_TIMEOUT.multipliedBy(3);
    /** The delay every 429 of the storm asks for: the storm's window. */
    public static final Duration STORM_WINDOW = Duration.ofMillis(100);
    /** How many consecutive 429s the storm has. */
    public static final int STORM_LENGTH = 320;

    private static final List<String> GARBAGE = List.of("soon", "-5", "1e3", "", " ", "NaN", "0x10", "+7", "1,5",
        "99999999999999999999999", "Wed, 99 Foo 2024 25:61:61 GMT", "\u0661\u0662", "12 ms");

    /**
     * Makes one fault of this kind.
     *
     * @param random the seeded source
     * @return the fault
     */
    public abstract Fault make(SplittableRandom random);

    /**
     * How many requests in a row get it.
     *
     * @param random the seeded source
     * @return 1 unless the kind comes in bursts
     */
    public int times(SplittableRandom random) {
        return 1;
    }

    /**
     * How long after the arrival of the request that got {@code fault} the server allowed the next attempt.
     *
     * @param fault the fault played
     * @param entry its journal entry
     * @return the delay; zero when the answer names no usable delay
     */
    public Duration allowed(Fault fault, JournalEntry entry) {
        return Duration.ZERO;
    }

    /**
     * Whether a 200 recorded with this fault was complete.
     *
     * @return false for the kinds that cut or delay a 200 past the client's timeout
     */
    public boolean spoilsA200() {
        return this == RESET_MID_BODY || this == TRUNCATED_200 || this == SLOWER_THAN_CLIENT_TIMEOUT;
    }

    private static String header(Fault fault, String name) {
        return fault.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue)
            .findFirst().orElseThrow();
    }
}
