package io.github.openaipolicies.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a simulator is down between {@link AzureOpenAISimulator#takeDown(Outage)} and
 * {@link AzureOpenAISimulator#bringBack()}: it answers every request 503, or it refuses connections on its port.
 * Immutable.
 *
 * <p>Unlike a {@link Fault}, which plays for a number of requests that passed authentication, an outage plays for
 * every request until the simulator is brought back, before any check: a backend that is down does not look at
 * credentials.</p>
 */
public final class Outage {

    /** What a simulator that is down does. */
    public enum Kind {
        /**
         * Every request is answered 503 with Azure's error body ("The service is temporarily unable to process your
         * request. Please try again later."), recorded in the journal; no quota is charged and no fault is taken.
         */
        SERVICE_UNAVAILABLE,
        /**
         * The listening socket is closed: connections to the simulator's port are refused (and open ones are
         * closed). Nothing reaches the simulator, so nothing is journalled. Brought back, the simulator listens on
         * the same port again, so a client's endpoint keeps working.
         */
        REFUSE_CONNECTIONS
    }

    /** Every request answered 503 without a delay header. */
    public static final Outage SERVICE_UNAVAILABLE = new Outage(Kind.SERVICE_UNAVAILABLE, null);

    /** Connections to the simulator's port refused. */
    public static final Outage REFUSE_CONNECTIONS = new Outage(Kind.REFUSE_CONNECTIONS, null);

    private final Kind kind;
    private final Duration retryAfter;

    private Outage(Kind kind, Duration retryAfter) {
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    /**
     * Every request answered 503 with {@code retry-after} (whole seconds, rounded up) and {@code retry-after-ms}.
     *
     * @param retryAfter the delay to announce, not negative
     * @return the outage
     */
    public static Outage serviceUnavailable(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        return new Outage(Kind.SERVICE_UNAVAILABLE, retryAfter);
    }

    /**
     * What the simulator does while down.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The delay a {@link Kind#SERVICE_UNAVAILABLE} outage announces.
     *
     * @return the delay; empty when its 503s carry no delay header (and always for {@link Kind#REFUSE_CONNECTIONS})
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String toString() {
        return "Outage[" + kind + (retryAfter == null ? "" : ", retry after " + retryAfter) + "]";
    }
}
