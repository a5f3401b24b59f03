// Licensed under the MIT License.
package io.github.openaipolicies.gate;

import io.github.openaipolicies.core.implementation.OptionChecks;
import io.github.openaipolicies.gate.implementation.QuotaKeys;
import io.github.openaipolicies.retry.RetryAfterOptions;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Options of the in-memory {@link ThrottleGate} ({@link ThrottleGate#create(ThrottleGateOptions)}).
 *
 * <p>Mutable and fluent, in the style of azure-core's options classes; every setter validates its argument and
 * throws at once with a message naming the option. A gate copies the options when it is created.</p>
 *
 * <p>Defaults:</p>
 * <ul>
 *     <li>{@link #getQuotaKeyResolver() quotaKeyResolver}: scheme, host, port and the
 *     {@code /openai/deployments/{name}} path segment (Azure OpenAI: one key per deployment); for the versioned
 *     shapes ({@code /openai/v1/...}, where the body's {@code "model"} is the deployment, and {@code /v1/...} as on
 *     {@code api.openai.com}) scheme, host, port and the top-level {@code "model"} of an in-memory JSON body; for any
 *     other URL, or a body whose model is not read, scheme, host, port and the API family ({@code /openai/threads},
 *     {@code /v1/files}: the segments that name the API, never an id after them). Never the query;</li>
 *     <li>{@link #getMaxWait() maxWait}: 60 s, the most one attempt waits in the gate (the call's overall
 *     {@code RetryAfterOptions} timeout bounds it too);</li>
 *     <li>{@link #getInitialAdmission() initialAdmission}: {@value #DEFAULT_INITIAL_ADMISSION} attempts in flight
 *     to a key nothing is known about (slow start);</li>
 *     <li>{@link #getMaxRetryAfter() maxRetryAfter}: 60 s, as {@code RetryAfterOptions.DEFAULT_MAX_RETRY_AFTER}; a
 *     longer server delay does not hold other calls;</li>
 *     <li>{@link #getCounterValidity() counterValidity}: 1 s, how long a remaining-requests or remaining-tokens
 *     counter is believed when the response does not say when it resets;</li>
 *     <li>{@link #getIdleKeyTimeout() idleKeyTimeout}: 10 min, after which a key nobody used is forgotten.</li>
 * </ul>
 */
public final class ThrottleGateOptions {
    /** Default most one attempt waits in the gate. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
    /** Default number of attempts in flight to a key nothing is known about. */
    public static final int DEFAULT_INITIAL_ADMISSION = 4;
    /** Largest accepted initial admission. */
    public static final int MAX_INITIAL_ADMISSION = 1000;
    /**
     * Default longest server delay that holds other calls (60 s, as {@code RetryAfterOptions.DEFAULT_MAX_RETRY_AFTER}).
     */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** Default time a counter is believed without a reset header. */
    public static final Duration DEFAULT_COUNTER_VALIDITY = Duration.ofSeconds(1);
    /** Default time after which an unused key is forgotten. */
    public static final Duration DEFAULT_IDLE_KEY_TIMEOUT = Duration.ofMinutes(10);

    private Function<RequestView, String> quotaKeyResolver = QuotaKeys::of;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private int initialAdmission = DEFAULT_INITIAL_ADMISSION;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private Duration counterValidity = DEFAULT_COUNTER_VALIDITY;
    private Duration idleKeyTimeout = DEFAULT_IDLE_KEY_TIMEOUT;

    /**
     * Creates options with the defaults listed in the class description.
     */
    public ThrottleGateOptions() {
    }

    /**
     * Creates a copy of other options.
     *
     * @param other the options to copy
     * @throws NullPointerException if {@code other} is null
     */
    public ThrottleGateOptions(ThrottleGateOptions other) {
        Objects.requireNonNull(other, "'other' cannot be null.");
        this.quotaKeyResolver = other.quotaKeyResolver;
        this.maxWait = other.maxWait;
        this.initialAdmission = other.initialAdmission;
        this.maxRetryAfter = other.maxRetryAfter;
        this.counterValidity = other.counterValidity;
        this.idleKeyTimeout = other.idleKeyTimeout;
    }

    /**
     * How the quota key of a request is derived.
     *
     * @return the resolver
     */
    public Function<RequestView, String> getQuotaKeyResolver() {
        return quotaKeyResolver;
    }

    /**
     * Sets how the quota key of a request is derived: requests with the same key share one quota. The function must
     * be cheap, must not return null and must not put secrets (query values, credentials) in the key, which
     * appears in log lines and error messages.
     *
     * @param quotaKeyResolver the resolver
     * @return these options
     * @throws NullPointerException if {@code quotaKeyResolver} is null
     */
    public ThrottleGateOptions setQuotaKeyResolver(Function<RequestView, String> quotaKeyResolver) {
        this.quotaKeyResolver = Objects.requireNonNull(quotaKeyResolver, "'quotaKeyResolver' cannot be null.");
        return this;
    }

    /**
     * The most one attempt waits in the gate.
     *
     * @return the maximum wait
     */
    public Duration getMaxWait() {
        return maxWait;
    }

    /**
     * Sets the most one attempt waits in the gate; an attempt whose wait would be longer fails at once with
     * {@link ThrottleGateTimeoutException}. The call's overall timeout, when the adapter's Retry-After retry runs in
     * front, bounds the wait as well.
     *
     * @param maxWait the maximum wait, positive
     * @return these options
     * @throws NullPointerException if {@code maxWait} is null
     * @throws IllegalArgumentException if {@code maxWait} is zero or negative
     */
    public ThrottleGateOptions setMaxWait(Duration maxWait) {
        this.maxWait = OptionChecks.requirePositive(maxWait, "maxWait");
        return this;
    }

    /**
     * How many attempts may be in flight to a key nothing is known about.
     *
     * @return the initial admission
     */
    public int getInitialAdmission() {
        return initialAdmission;
    }

    /**
     * Sets how many attempts may be in flight to a key nothing is known about (slow start): the rest wait for the
     * first answers, whose counters then pace them. Every success lets one more attempt in flight while no counter
     * is believed; after a 429 or a counter at zero, a single probe goes first.
     *
     * @param initialAdmission the initial admission, 1 to {@value #MAX_INITIAL_ADMISSION}
     * @return these options
     * @throws IllegalArgumentException if {@code initialAdmission} is out of range
     */
    public ThrottleGateOptions setInitialAdmission(int initialAdmission) {
        if (initialAdmission < 1 || initialAdmission > MAX_INITIAL_ADMISSION) {
            throw new IllegalArgumentException("'initialAdmission' must be between 1 and " + MAX_INITIAL_ADMISSION
                + ", was " + initialAdmission + ".");
        }
        this.initialAdmission = initialAdmission;
        return this;
    }

    /**
     * The longest server delay that holds other calls.
     *
     * @return the maximum delay
     */
    public Duration getMaxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * Sets the longest server-requested delay that becomes a hold for every call to the key. A longer delay (such as
     * the {@code Retry-After: 86400} Azure OpenAI has sent) is treated like a 429 without a delay: a short pause of
     * {@link #getCounterValidity() counterValidity}, not a day. Keep it equal to
     * {@code RetryAfterOptions.getMaxRetryAfter()}, so that the call that got such an answer fails fast on its own.
     *
     * @param maxRetryAfter the maximum delay, zero or positive
     * @return these options
     * @throws NullPointerException if {@code maxRetryAfter} is null
     * @throws IllegalArgumentException if {@code maxRetryAfter} is negative
     */
    public ThrottleGateOptions setMaxRetryAfter(Duration maxRetryAfter) {
        Objects.requireNonNull(maxRetryAfter, "'maxRetryAfter' cannot be null.");
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("'maxRetryAfter' must not be negative, was " + maxRetryAfter + ".");
        }
        this.maxRetryAfter = maxRetryAfter;
        return this;
    }

    /**
     * How long a counter is believed when the response does not say when it resets.
     *
     * @return the validity
     */
    public Duration getCounterValidity() {
        return counterValidity;
    }

    /**
     * Sets how long an {@code x-ratelimit-remaining-*} counter is believed when the response carries no
     * {@code x-ratelimit-reset-*} header. When a counter is at zero, the gate lets a probe go after this time; a
     * probe refused with a delay then holds the key for exactly that delay. Azure OpenAI counts requests over
     * windows of about 1 s or 10 s: the default of 1 s costs at most one refused probe per second while a counter is
     * at zero.
     *
     * @param counterValidity the validity, positive
     * @return these options
     * @throws NullPointerException if {@code counterValidity} is null
     * @throws IllegalArgumentException if {@code counterValidity} is zero or negative
     */
    public ThrottleGateOptions setCounterValidity(Duration counterValidity) {
        this.counterValidity = OptionChecks.requirePositive(counterValidity, "counterValidity");
        return this;
    }

    /**
     * After how long a key nobody used is forgotten.
     *
     * @return the idle timeout
     */
    public Duration getIdleKeyTimeout() {
        return idleKeyTimeout;
    }

    /**
     * Sets after how long without attempts a key is forgotten (a key with waiting or in-flight attempts, or under a
     * hold, is kept).
     *
     * @param idleKeyTimeout the idle timeout, positive
     * @return these options
     * @throws NullPointerException if {@code idleKeyTimeout} is null
     * @throws IllegalArgumentException if {@code idleKeyTimeout} is zero or negative
     */
    public ThrottleGateOptions setIdleKeyTimeout(Duration idleKeyTimeout) {
        this.idleKeyTimeout = OptionChecks.requirePositive(idleKeyTimeout, "idleKeyTimeout");
        return this;
    }

    @Override
    public String toString() {
        return "ThrottleGateOptions{maxWait=" + maxWait + ", initialAdmission=" + initialAdmission
            + ", maxRetryAfter=" + maxRetryAfter + ", counterValidity=" + counterValidity + ", idleKeyTimeout="
            + idleKeyTimeout + '}';
    }
}
