// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.gate.implementation.GateEnvironment;
import io.github.openaipolicies.gate.implementation.GateTimer;
import io.github.openaipolicies.redis.implementation.Coordination;
import io.github.openaipolicies.redis.implementation.GateScript;
import io.github.openaipolicies.redis.implementation.Grant;
import io.github.openaipolicies.redis.implementation.Observation;
import io.github.openaipolicies.redis.implementation.RedisAdmission;
import io.lettuce.core.RedisClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link ThrottleGate} whose per-deployment state lives in Redis, so that many processes (workers, pods, several
 * {@code BulkEmbed} runs) calling one deployment share its quota: a 429 seen by one holds them all, and the
 * {@code x-ratelimit-remaining-*} counters pace their sum.
 *
 * <p>Per quota key, one Redis hash keeps the end of the latest hold, the last believed request and token counters
 * and the grants made since, under a generation id created with the hash: answers to grants of a state that was lost
 * since (a restart without persistence, a {@code FLUSHALL}, an eviction) do not touch its counters. A sorted set next
 * to it keeps the grants in flight across all workers, each with a lease (the call's remaining budget plus
 * {@link RedisThrottleGateOptions#getLeaseMargin()}): an answer ends it, and a worker that dies leaves nothing counted
 * past its leases. While a counter is not believed, the grants in flight are limited by a slow-start window shared by
 * all workers. Lua scripts read and change this atomically, by Redis's clock ({@code TIME}), so clock skew between
 * workers does not matter. Inside one process the attempts still queue in the in-memory gate, oldest call first; an
 * attempt the in-memory part lets go asks Redis for the grant (one round trip). When Redis says to wait, the wait is
 * kept in the in-memory part, so that no attempt of this process asks Redis again before it ends.
 * What a response says is written to Redis without anybody waiting for it.</p>
 *
 * <p>An attempt has one deadline across all of this: the earlier of its call's deadline and its start plus the gate
 * options' {@code maxWait}; a wait that would pass it fails with {@link ThrottleGateTimeoutException}, however many
 * times Redis said to wait. A hold read from Redis lasts for this gate at most the longer of its own
 * {@code maxRetryAfter} and {@code counterValidity}, whichever worker wrote it.</p>
 *
 * <p>Fail-safe: when Redis does not answer within {@link RedisThrottleGateOptions#getCommandTimeout()}, the gate
 * goes on its in-memory state alone (logged once at WARNING), asks Redis again after
 * {@link RedisThrottleGateOptions#getProbeInterval()}, and coordinates again as soon as Redis answers (logged once at
 * INFO). No call fails because Redis did. See {@code docs/many-workers.md}.</p>
 *
 * <p>Threads: nothing here blocks a caller's thread or Lettuce's (only {@link #acquireSync} blocks, its own caller).
 * {@link #acquire} is built on Lettuce's asynchronous API and completes an admission that needed Redis on the gate
 * timer's threads ({@code openai-pipeline-gate-timer-N}), never on Lettuce's I/O thread, which every Redis reply of
 * the process waits for. Cancelling its future withdraws the attempt (see {@link #acquire}).</p>
 *
 * <pre>{@code
 * RedisClient redis = RedisClient.create("redis://localhost:6379");
 * ThrottleGate gate = RedisThrottleGate.create(redis);
 * OpenAIPipelines.install(builder, new OpenAIPipelineOptions().setThrottleGate(gate));
 * }</pre>
 */
public final class RedisThrottleGate implements ThrottleGate, AutoCloseable {
    /** Appended to a key's state to name the sorted set of its leases. */
    static final String LEASES_SUFFIX = ":leases";

    private final ThrottleGate local;
    private final Coordination coordination;
    private final Clock clock;
    private final ThrottleGateOptions gateOptions;
    private final Duration zeroRecheck;
    private final Duration longestHold;
    private final String keyPrefix;
    private final String idleExpiryMillis;
    private final Duration keyIdleExpiry;
    private final Duration leaseMargin;

    private RedisThrottleGate(RedisClient client, RedisThrottleGateOptions options, ThrottleGate local,
        Clock clock) {
        this.local = local;
        this.clock = clock;
        this.gateOptions = options.getGateOptions();
        this.zeroRecheck = Observation.zeroRecheck(gateOptions);
        this.longestHold = Observation.longestHold(gateOptions);
        this.keyPrefix = options.getKeyPrefix();
        this.keyIdleExpiry = options.getKeyIdleExpiry();
        this.leaseMargin = options.getLeaseMargin();
        this.idleExpiryMillis = Long.toString(keyIdleExpiry.toMillis());
        this.coordination = new Coordination(client, options.getCommandTimeout(), options.getProbeInterval(), clock,
            GateTimer.system());
    }

    /**
     * A gate on Redis with default {@link RedisThrottleGateOptions}.
     *
     * @param client the Redis client; the gate opens one connection with it and does not shut the client down
     * @return the gate
     * @throws NullPointerException if {@code client} is null
     */
    public static RedisThrottleGate create(RedisClient client) {
        return create(client, new RedisThrottleGateOptions());
    }

    /**
     * A gate on Redis. The options are copied. Returns at once, without waiting for Redis: the connection is opened
     * and the scripts are loaded in the background. Until then attempts wait for them at most the command timeout;
     * when Redis cannot be reached, the gate goes on its in-memory state and turns to Redis once it answers.
     *
     * @param client the Redis client; the gate opens one connection with it and does not shut the client down
     * @param options the options
     * @return the gate
     * @throws NullPointerException if {@code client} or {@code options} is null
     */
    public static RedisThrottleGate create(RedisClient client, RedisThrottleGateOptions options) {
        RedisThrottleGateOptions copy = copy(client, options);
        GateEnvironment environment = GateEnvironment.system();
        return new RedisThrottleGate(client, copy, ThrottleGate.create(copy.getGateOptions()), environment.clock());
    }

    /**
     * A gate whose in-memory part and clock the caller chooses; for tests (a recording or virtual-time local gate).
     * The local gate must follow {@code options.getGateOptions()} and decide by {@code clock}.
     */
    static RedisThrottleGate create(RedisClient client, RedisThrottleGateOptions options, ThrottleGate local,
        Clock clock) {
        return new RedisThrottleGate(client, copy(client, options), Objects.requireNonNull(local, "'local'"),
            Objects.requireNonNull(clock, "'clock'"));
    }

    private static RedisThrottleGateOptions copy(RedisClient client, RedisThrottleGateOptions options) {
        Objects.requireNonNull(client, "'client' cannot be null.");
        return new RedisThrottleGateOptions(Objects.requireNonNull(options, "'options' cannot be null."));
    }

    /**
     * Whether attempts are coordinated through Redis now: false while the connection is still being opened, and while
     * the gate goes on its in-memory state after Redis failed to answer in time.
     *
     * @return true while Redis answers
     */
    public boolean isCoordinated() {
        return coordination.isOn();
    }

    @Override
    public String quotaKey(RequestView request) {
        return local.quotaKey(request);
    }

    /**
     * Asks to let an attempt go, without blocking: the attempt waits in the in-memory part, then asks Redis for the
     * grant (Lettuce's asynchronous API; at most the command timeout), and after a Redis wait enters the in-memory
     * part again, under one deadline. The future completes off Lettuce's I/O thread.
     *
     * <p>{@code cancel(..)} withdraws the attempt wherever it is: its in-memory wait is cancelled, or its in-memory
     * admission goes back at once and the grant Redis is deciding is released when the reply comes. If
     * {@code cancel} returned true no admission exists; if it returned false the holder owns the admission and
     * reports it.</p>
     *
     * @param request the attempt's quota key, cost, call start and deadline
     * @return the future admission
     * @throws NullPointerException if {@code request} is null
     */
    @Override
    public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        Objects.requireNonNull(request, "'request' cannot be null.");
        RedisAcquisition acquisition = new RedisAcquisition(this, local, request, bounded(request));
        acquisition.start();
        return acquisition;
    }

    /** Asks Redis for the grant of an attempt the in-memory part let go: the reply, or null (see Coordination). */
    CompletableFuture<List<Object>> askRedis(ThrottleRequest call) {
        String[] keys = redisKeys(call.quotaKey());
        return coordination.run(GateScript.ACQUIRE, keys, reply -> releaseUnwanted(keys, reply), acquireArgs(call));
    }

    /** The admission of an attempt that Redis granted (or that went on the in-memory state alone). */
    ThrottleAdmission admission(ThrottleAdmission local, Grant grant, Duration held, ThrottleHoldReason reason) {
        return new RedisAdmission(this, local, grant, held, reason);
    }

    /** Releases a grant whose reply came after its attempt was withdrawn. */
    void releaseUnwanted(String quotaKey, List<Object> reply) {
        releaseUnwanted(redisKeys(quotaKey), reply);
    }

    @Override
    public ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException {
        Objects.requireNonNull(request, "'request' cannot be null.");
        ThrottleRequest attempt = bounded(request);
        String[] keys = redisKeys(attempt.quotaKey());
        Duration held = Duration.ZERO;
        ThrottleHoldReason firstReason = ThrottleHoldReason.NONE;
        while (true) {
            ThrottleAdmission admission = local.acquireSync(attempt);
            List<Object> reply;
            try {
                reply = coordination.runSync(GateScript.ACQUIRE, keys, unwanted -> releaseUnwanted(keys, unwanted),
                    acquireArgs(request));
            } catch (InterruptedException | RuntimeException e) {
                local.report(admission, ThrottleFeedback.abandoned());
                throw e;
            }
            Grant grant = reply == null ? Grant.LOCAL : Grant.of(reply);
            held = held.plus(admission.getHeld());
            if (firstReason == ThrottleHoldReason.NONE) {
                firstReason = grant.outcome() == Grant.Outcome.HELD ? grant.reason() : admission.getReason();
            }
            if (grant.outcome() != Grant.Outcome.HELD) {
                return new RedisAdmission(this, admission, grant, held, firstReason);
            }
            holdLocally(admission, grant);
        }
    }

    /**
     * While coordination is off, lets an attempt go at once when the in-memory state allows it; while it is on (or
     * the connection is still being opened), an attempt needs Redis's grant and this returns null.
     *
     * @param request the attempt's quota key, cost, call start and deadline
     * @return the admission, or null when the attempt must ask {@link #acquire} or {@link #acquireSync}
     */
    @Override
    public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
        if (!coordination.isOff()) {
            return null;
        }
        ThrottleAdmission admission = local.tryAcquireNow(request);
        return admission == null ? null
            : new RedisAdmission(this, admission, Grant.LOCAL, Duration.ZERO, ThrottleHoldReason.NONE);
    }

    @Override
    public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        Objects.requireNonNull(admission, "'admission' cannot be null.");
        Objects.requireNonNull(feedback, "'feedback' cannot be null.");
        if (!(admission instanceof RedisAdmission ours) || ours.owner() != this) {
            throw new IllegalArgumentException("The admission was not given by this gate.");
        }
        if (!ours.markReported()) {
            return;
        }
        local.report(ours.local(), feedback);
        observe(redisKeys(ours.getQuotaKey()), ours.grant(), ours.getCost(), feedback);
    }

    /** Writes what a granted attempt learned to Redis, which also ends its lease; nobody waits for it. */
    private void observe(String[] keys, Grant grant, long cost, ThrottleFeedback feedback) {
        if (grant.outcome() == Grant.Outcome.GRANTED) {
            coordination.send(GateScript.OBSERVE, keys,
                Observation.args(grant, cost, feedback, gateOptions, keyIdleExpiry));
        }
    }

    /**
     * A grant whose reply came after nobody waited for it (timed out, cancelled, interrupted) ends its lease, even
     * while coordination is off: Lettuce may run commands queued during an outage when it reconnects.
     */
    private void releaseUnwanted(String[] keys, List<Object> reply) {
        Grant grant = Grant.of(reply);
        if (grant.outcome() == Grant.Outcome.GRANTED) {
            coordination.sendEvenIfOff(GateScript.OBSERVE, keys,
                Observation.args(grant, 1, ThrottleFeedback.abandoned(), gateOptions, keyIdleExpiry));
        }
    }

    /**
     * Closes the gate's Redis connection (not the client). Attempts still go through the in-memory part afterwards.
     */
    @Override
    public void close() {
        coordination.close();
    }

    /**
     * The request with the attempt's one deadline: the earlier of the call's deadline and now plus {@code maxWait}.
     * Every re-entry into the local gate after a Redis wait carries it, so the waits add up to at most that.
     */
    private ThrottleRequest bounded(ThrottleRequest request) {
        Instant latest = clock.instant().plus(gateOptions.getMaxWait());
        return request.deadline().isAfter(latest)
            ? new ThrottleRequest(request.quotaKey(), request.cost(), request.callStart(), latest) : request;
    }

    /**
     * The arguments of {@code acquire.lua}. The lease of a grant lasts the call's remaining budget (at most the key
     * idle expiry) plus the lease margin: a grant nobody answers by then (its worker died, a report was lost) no
     * longer counts as in flight.
     */
    private String[] acquireArgs(ThrottleRequest call) {
        Duration budget = Duration.between(clock.instant(), call.deadline());
        if (budget.isNegative()) {
            budget = Duration.ZERO;
        } else if (budget.compareTo(keyIdleExpiry) > 0) {
            budget = keyIdleExpiry;
        }
        return new String[] {
            Long.toString(call.cost()),
            idleExpiryMillis,
            Long.toString(longestHold.toMillis()),
            Long.toHexString(ThreadLocalRandom.current().nextLong()),
            Long.toString(budget.plus(leaseMargin).toMillis()),
            Integer.toString(gateOptions.getInitialAdmission()),
            Long.toString(zeroRecheck.toMillis())
        };
    }

    /**
     * Keeps Redis's wait in the in-memory part: this process's attempts wait there without asking Redis again, until
     * a hold ends, or for at most the zero recheck while a counter without a reset hint is at zero.
     */
    void holdLocally(ThrottleAdmission admission, Grant grant) {
        Duration wait = grant.localHold(zeroRecheck, gateOptions.getCounterValidity(), longestHold);
        local.report(admission, ThrottleFeedback.response(429, wait, null, null, null, null));
    }

    /** The key's state and its leases. */
    private String[] redisKeys(String quotaKey) {
        String state = keyPrefix + quotaKey;
        return new String[] {state, state + LEASES_SUFFIX};
    }
}
