// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.core.implementation.OptionChecks;
import io.github.openaipolicies.gate.ThrottleGateOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link RedisThrottleGate}.
 *
 * <p>Mutable and fluent, in the style of azure-core's options classes; every setter validates its argument and
 * throws at once with a message naming the option. A gate copies the options when it is created.</p>
 *
 * <p>Defaults:</p>
 * <ul>
 *     <li>{@link #getKeyPrefix() keyPrefix}: {@value #DEFAULT_KEY_PREFIX}, put in front of each quota key to name
 *     its Redis hash;</li>
 *     <li>{@link #getGateOptions() gateOptions}: default {@link ThrottleGateOptions}, for the gate's in-memory part
 *     (the quota key, the in-process queue, slow start, the most an attempt waits) and its fallback;</li>
 *     <li>{@link #getCommandTimeout() commandTimeout}: 1 s, the longest an attempt waits for Redis before the
 *     gate falls back to its in-memory state;</li>
 *     <li>{@link #getProbeInterval() probeInterval}: 5 s, how long the gate stays on its in-memory state after Redis
 *     failed before it asks Redis again;</li>
 *     <li>{@link #getKeyIdleExpiry() keyIdleExpiry}: 10 min, after which Redis drops the state of a quota key
 *     nobody wrote to (a longer hold keeps the key until it ends);</li>
 *     <li>{@link #getLeaseMargin() leaseMargin}: 10 s, how long after its call's deadline a grant nobody answered
 *     still counts as in flight.</li>
 * </ul>
 */
public final class RedisThrottleGateOptions {
    /** Default prefix of the Redis keys. */
    public static final String DEFAULT_KEY_PREFIX = "openai-pipeline:gate:";
    /** Default longest wait for a Redis command. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** Default time on the in-memory state after a Redis failure before asking Redis again. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);
    /** Default idle expiry of a quota key's Redis hash. */
    public static final Duration DEFAULT_KEY_IDLE_EXPIRY = Duration.ofMinutes(10);
    /** Default time a grant counts as in flight after its call's deadline. */
    public static final Duration DEFAULT_LEASE_MARGIN = Duration.ofSeconds(10);

    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private ThrottleGateOptions gateOptions = new ThrottleGateOptions();
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration probeInterval = DEFAULT_PROBE_INTERVAL;
    private Duration keyIdleExpiry = DEFAULT_KEY_IDLE_EXPIRY;
    private Duration leaseMargin = DEFAULT_LEASE_MARGIN;

    /**
     * Creates options with the defaults listed in the class description.
     */
    public RedisThrottleGateOptions() {
    }

    /**
     * Creates a copy of other options (the gate options are copied too).
     *
     * @param other the options to copy
     * @throws NullPointerException if {@code other} is null
     */
    public RedisThrottleGateOptions(RedisThrottleGateOptions other) {
        Objects.requireNonNull(other, "'other' cannot be null.");
        this.keyPrefix = other.keyPrefix;
        this.gateOptions = new ThrottleGateOptions(other.gateOptions);
        this.commandTimeout = other.commandTimeout;
        this.probeInterval = other.probeInterval;
        this.keyIdleExpiry = other.keyIdleExpiry;
        this.leaseMargin = other.leaseMargin;
    }

    /**
     * The prefix of the Redis keys.
     *
     * @return the prefix
     */
    public String getKeyPrefix() {
        return keyPrefix;
    }

    /**
     * Sets the prefix put in front of each quota key to name its Redis hash. Gates that should share a quota must use
     * the same prefix; use different prefixes to keep unrelated jobs apart on one Redis.
     *
     * @param keyPrefix the prefix, may be empty
     * @return these options
     * @throws NullPointerException if {@code keyPrefix} is null
     */
    public RedisThrottleGateOptions setKeyPrefix(String keyPrefix) {
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "'keyPrefix' cannot be null.");
        return this;
    }

    /**
     * The options of the gate's in-memory part.
     *
     * @return the gate options (the instance these options hold)
     */
    public ThrottleGateOptions getGateOptions() {
        return gateOptions;
    }

    /**
     * Sets the options of the gate's in-memory part: how the quota key is derived, the order and slow start of the
     * attempts inside this process, the most an attempt waits, and the rules the fallback follows when Redis is
     * gone. Their {@code maxRetryAfter} and {@code counterValidity} apply to the state shared in Redis as well (a hold
     * read from Redis lasts for this gate at most the longer of the two), and {@code initialAdmission} is where the
     * slow-start window shared by all workers starts.
     *
     * @param gateOptions the gate options
     * @return these options
     * @throws NullPointerException if {@code gateOptions} is null
     */
    public RedisThrottleGateOptions setGateOptions(ThrottleGateOptions gateOptions) {
        this.gateOptions = Objects.requireNonNull(gateOptions, "'gateOptions' cannot be null.");
        return this;
    }

    /**
     * The longest wait for a Redis command.
     *
     * @return the command timeout
     */
    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    /**
     * Sets the longest an attempt waits for Redis. A command that takes longer (or fails) turns coordination off: the
     * attempt goes on the in-memory state alone, and so do later ones until a probe finds Redis answering again.
     *
     * @param commandTimeout the timeout, positive
     * @return these options
     * @throws NullPointerException if {@code commandTimeout} is null
     * @throws IllegalArgumentException if {@code commandTimeout} is zero or negative
     */
    public RedisThrottleGateOptions setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = OptionChecks.requirePositive(commandTimeout, "commandTimeout");
        return this;
    }

    /**
     * How long the gate stays on its in-memory state after Redis failed before asking Redis again.
     *
     * @return the probe interval
     */
    public Duration getProbeInterval() {
        return probeInterval;
    }

    /**
     * Sets how long the gate stays on its in-memory state after Redis failed: then one attempt asks Redis again
     * (waiting at most the command timeout), and the first answer turns coordination back on.
     *
     * @param probeInterval the interval, positive
     * @return these options
     * @throws NullPointerException if {@code probeInterval} is null
     * @throws IllegalArgumentException if {@code probeInterval} is zero or negative
     */
    public RedisThrottleGateOptions setProbeInterval(Duration probeInterval) {
        this.probeInterval = OptionChecks.requirePositive(probeInterval, "probeInterval");
        return this;
    }

    /**
     * After how long without writes Redis drops a quota key's state.
     *
     * @return the idle expiry
     */
    public Duration getKeyIdleExpiry() {
        return keyIdleExpiry;
    }

    /**
     * Sets after how long without writes Redis drops a quota key's state ({@code PEXPIRE} on every write; a hold
     * that ends later keeps the key until it ends). Nothing a worker leaves behind outlives this, whatever happened to
     * the worker.
     *
     * @param keyIdleExpiry the idle expiry, at least one second
     * @return these options
     * @throws NullPointerException if {@code keyIdleExpiry} is null
     * @throws IllegalArgumentException if {@code keyIdleExpiry} is shorter than one second
     */
    public RedisThrottleGateOptions setKeyIdleExpiry(Duration keyIdleExpiry) {
        Objects.requireNonNull(keyIdleExpiry, "'keyIdleExpiry' cannot be null.");
        if (keyIdleExpiry.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("'keyIdleExpiry' must be at least 1 s, was " + keyIdleExpiry + ".");
        }
        this.keyIdleExpiry = keyIdleExpiry;
        return this;
    }

    /**
     * How long after its call's deadline a grant nobody answered still counts as in flight.
     *
     * @return the lease margin
     */
    public Duration getLeaseMargin() {
        return leaseMargin;
    }

    /**
     * Sets how long after its call's deadline a grant still counts as in flight when nobody answered it. Every grant
     * has a lease in Redis: the call's remaining budget (at most the key idle expiry) plus this margin. The grants in
     * flight across all workers are those with a lease that has not ended; an answer ends its grant's lease at once,
     * and a worker that dies leaves its grants counted until their leases end.
     *
     * @param leaseMargin the margin, positive
     * @return these options
     * @throws NullPointerException if {@code leaseMargin} is null
     * @throws IllegalArgumentException if {@code leaseMargin} is zero or negative
     */
    public RedisThrottleGateOptions setLeaseMargin(Duration leaseMargin) {
        this.leaseMargin = OptionChecks.requirePositive(leaseMargin, "leaseMargin");
        return this;
    }

    @Override
    public String toString() {
        return "RedisThrottleGateOptions{keyPrefix='" + keyPrefix + "', gateOptions=" + gateOptions
            + ", commandTimeout=" + commandTimeout + ", probeInterval=" + probeInterval + ", keyIdleExpiry="
            + keyIdleExpiry + ", leaseMargin=" + leaseMargin + '}';
    }
}
