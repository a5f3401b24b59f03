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
import io.github.openaipolicies.implementation.gate.GateMono;
import io.github.openaipolicies.redis.implementation.Coordination;
import io.github.openaipolicies.redis.implementation.GateScript;
import io.github.openaipolicies.redis.implementation.Grant;
import io.github.openaipolicies.redis.implementation.Observation;
import io.github.openaipolicies.redis.implementation.RedisAdmission;
import io.lettuce.core.RedisClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

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
 * <p>Threads: {@link #acquire} emits an admission that needed Redis on Reactor's {@link Schedulers#parallel()}
 * scheduler, never on Lettuce's I/O thread, which every Redis reply of the process waits for.</p>
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
        this.coordination = new Coordination(client, options.getCommandTimeout(), options.getProbeInterval(), clock);
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

    @Override
    public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        Objects.requireNonNull(request, "'request' cannot be null.");
        AtomicReference<Disposable> subscription = new AtomicReference<>();
        CompletableFuture<ThrottleAdmission> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                Disposable running = subscription.get();
                if (cancelled && running != null) {
                    running.dispose();
                }
                return cancelled;
            }
        };
        Disposable running = Mono.defer(() -> acquire(request, bounded(request), Duration.ZERO,
                ThrottleHoldReason.NONE))
            .doOnDiscard(RedisAdmission.class, admission -> report(admission, ThrottleFeedback.abandoned()))
            .subscribe(admission -> {
                if (!future.complete(admission)) {
                    report(admission, ThrottleFeedback.abandoned());
                }
            }, future::completeExceptionally);
        subscription.set(running);
        if (future.isCancelled()) {
            running.dispose();
        }
        return future;
    }

    /**
     * One attempt through the local gate and Redis; after a Redis wait, again with the same bounded request, so with
     * the same deadline.
     */
    private Mono<ThrottleAdmission> acquire(ThrottleRequest call, ThrottleRequest attempt, Duration heldBefore,
        ThrottleHoldReason firstReason) {
        String[] keys = redisKeys(attempt.quotaKey());
        return GateMono.acquire(local, attempt).flatMap(admission -> coordination
            .run(GateScript.ACQUIRE, keys, reply -> releaseUnwanted(keys, reply), acquireArgs(call))
            .map(Grant::of)
            .defaultIfEmpty(Grant.LOCAL)
            .doOnCancel(() -> local.report(admission, ThrottleFeedback.abandoned()))
            .flatMap(grant -> {
                Duration held = heldBefore.plus(admission.getHeld());
                ThrottleHoldReason reason = firstReason != ThrottleHoldReason.NONE ? firstReason
                    : grant.outcome() == Grant.Outcome.HELD ? grant.reason() : admission.getReason();
                if (grant.outcome() != Grant.Outcome.HELD) {
                    return Mono.just(new RedisAdmission(this, admission, grant, held, reason));
                }
                holdLocally(admission, grant);
                return acquire(call, attempt, held, reason);
            }));
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
    private void holdLocally(ThrottleAdmission admission, Grant grant) {
        Duration wait = grant.localHold(zeroRecheck, gateOptions.getCounterValidity(), longestHold);
        local.report(admission, ThrottleFeedback.response(429, wait, null, null, null, null));
    }

    /** The key's state and its leases. */
    private String[] redisKeys(String quotaKey) {
        String state = keyPrefix + quotaKey;
        return new String[] {state, state + LEASES_SUFFIX};
    }
}
