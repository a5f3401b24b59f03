// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.ThrottleAdmission;
import io.github.openaipolicies.ThrottleFeedback;
import io.github.openaipolicies.ThrottleGate;
import io.github.openaipolicies.ThrottleGateOptions;
import io.github.openaipolicies.ThrottleGateTimeoutException;
import io.github.openaipolicies.ThrottleRequest;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The in-memory {@link ThrottleGate}: one {@link KeyQueue} (and its {@link KeyLedger}) per quota key, created on
 * first use and forgotten when idle.
 */
public final class InMemoryThrottleGate implements ThrottleGate {
    private final Function<HttpRequest, String> quotaKeyResolver;
    private final GateSettings settings;
    private final GateEnvironment environment;
    private final ConcurrentMap<String, KeyQueue> queues = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis;

    /**
     * Creates a gate.
     *
     * @param options the options, copied
     * @param environment the clock, scheduler and blocker
     */
    public InMemoryThrottleGate(ThrottleGateOptions options, GateEnvironment environment) {
        ThrottleGateOptions copy = new ThrottleGateOptions(Objects.requireNonNull(options,
            "'options' cannot be null."));
        this.quotaKeyResolver = copy.getQuotaKeyResolver();
        this.settings = GateSettings.of(copy);
        this.environment = Objects.requireNonNull(environment, "'environment' cannot be null.");
        this.nextSweepMillis = new AtomicLong(now().toEpochMilli() + settings.idleKeyTimeout().toMillis());
    }

    /**
     * A gate in the system environment.
     *
     * @param options the options, copied
     * @return the gate
     */
    public static InMemoryThrottleGate create(ThrottleGateOptions options) {
        return new InMemoryThrottleGate(options, GateEnvironment.system());
    }

    /**
     * The JVM-wide gate with default options.
     *
     * @return the shared gate
     */
    public static InMemoryThrottleGate shared() {
        return Shared.GATE;
    }

    @Override
    public String quotaKey(HttpRequest request) {
        return Objects.requireNonNull(quotaKeyResolver.apply(request), "The quota key resolver returned null.");
    }

    @Override
    public Mono<ThrottleAdmission> acquire(ThrottleRequest request) {
        Objects.requireNonNull(request, "'request' cannot be null.");
        return Mono.<ThrottleAdmission>create(sink -> {
            Instant now = now();
            LedgerAdmission free = admitIfFree(request, now);
            if (free != null) {
                // Not delivered because the subscriber cancelled first: the sink discards it, see doOnDiscard.
                sink.success(free);
                return;
            }
            Handoff handoff = new Handoff();
            Entered entered = enter(request, now, admission -> {
                if (handoff.hand(admission)) {
                    sink.success(admission);
                } else {
                    report(admission, ThrottleFeedback.abandoned());
                }
            }, sink::error);
            sink.onCancel(() -> {
                ThrottleAdmission handed = handoff.cancel();
                if (handed == null) {
                    entered.queue.cancel(entered.waiter);
                } else {
                    // Reactor runs this only when the value has not gone downstream; it never will now.
                    report(handed, ThrottleFeedback.abandoned());
                }
            });
        }).doOnDiscard(LedgerAdmission.class, admission -> report(admission, ThrottleFeedback.abandoned()));
    }

    @Override
    public ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
        Objects.requireNonNull(request, "'request' cannot be null.");
        return admitIfFree(request, now());
    }

    @Override
    public ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException {
        Objects.requireNonNull(request, "'request' cannot be null.");
        Instant now = now();
        LedgerAdmission free = admitIfFree(request, now);
        if (free != null) {
            return free;
        }
        CompletableFuture<ThrottleAdmission> decided = new CompletableFuture<>();
        Entered entered = enter(request, now, decided::complete, decided::completeExceptionally);
        while (!decided.isDone()) {
            try {
                environment.blocker().await(decided);
            } catch (InterruptedException e) {
                if (!entered.queue.cancel(entered.waiter) && !decided.isCompletedExceptionally()) {
                    report(decided.join(), ThrottleFeedback.abandoned());
                }
                throw e;
            }
        }
        try {
            return decided.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ThrottleGateTimeoutException timeout) {
                throw new ThrottleGateTimeoutException(timeout.getQuotaKey(), timeout.getWait(),
                    timeout.getAllowed());
            }
            throw e;
        }
    }

    @Override
    public void report(ThrottleAdmission admission, ThrottleFeedback feedback) {
        Objects.requireNonNull(admission, "'admission' cannot be null.");
        Objects.requireNonNull(feedback, "'feedback' cannot be null.");
        if (!(admission instanceof LedgerAdmission ours) || ours.queue().owner() != this) {
            throw new IllegalArgumentException("The admission was not given by this gate.");
        }
        if (ours.markReported()) {
            ours.queue().report(ours, feedback);
        }
    }

    /**
     * The attempts waiting for a key; for tests.
     *
     * @param quotaKey the key
     * @return the number waiting, 0 for an unknown key
     */
    public int waiting(String quotaKey) {
        KeyQueue queue = queues.get(quotaKey);
        return queue == null ? 0 : queue.waiting();
    }

    /**
     * The attempts admitted and not yet reported for a key; for tests.
     *
     * @param quotaKey the key
     * @return the number in flight, 0 for an unknown key
     */
    public int inFlight(String quotaKey) {
        KeyQueue queue = queues.get(quotaKey);
        return queue == null ? 0 : queue.inFlight();
    }

    /**
     * The number of keys the gate remembers; for tests.
     *
     * @return the number of keys
     */
    public int keys() {
        return queues.size();
    }

    /** The fast path: an admission at once when the key's queue is empty and its ledger allows it, else null. */
    private LedgerAdmission admitIfFree(ThrottleRequest request, Instant now) {
        sweepIfDue(now);
        KeyQueue queue = queues.get(request.quotaKey());
        return queue == null ? null : queue.admitIfFree(request.cost(), now);
    }

    private Entered enter(ThrottleRequest request, Instant now, Consumer<ThrottleAdmission> onAdmit,
        Consumer<Throwable> onFail) {
        Instant latest = now.plus(settings.maxWait());
        Instant deadline = request.deadline().isBefore(latest) ? request.deadline() : latest;
        while (true) {
            KeyQueue queue = queues.computeIfAbsent(request.quotaKey(),
                key -> new KeyQueue(key, settings, environment, this));
            Waiter waiter = queue.enter(request, deadline, now, onAdmit, onFail);
            if (waiter != null) {
                return new Entered(queue, waiter);
            }
            queues.remove(request.quotaKey(), queue);
        }
    }

    private void sweepIfDue(Instant now) {
        long due = nextSweepMillis.get();
        if (now.toEpochMilli() < due
            || !nextSweepMillis.compareAndSet(due, now.toEpochMilli() + settings.idleKeyTimeout().toMillis() / 2)) {
            return;
        }
        Duration idle = settings.idleKeyTimeout();
        queues.forEach((key, queue) -> {
            if (queue.retireIfIdle(idle)) {
                queues.remove(key, queue);
            }
        });
    }

    private Instant now() {
        return environment.now();
    }

    private record Entered(KeyQueue queue, Waiter waiter) {
    }

    /**
     * Hands an admission to a subscriber that may cancel at the same moment: whichever comes second (the admission
     * or the cancellation) knows the admission must go back to the gate.
     */
    private static final class Handoff {
        private static final Object PENDING = new Object();
        private static final Object CANCELLED = new Object();
        private final AtomicReference<Object> slot = new AtomicReference<>(PENDING);

        /** True when the admission may be emitted; false when the subscriber cancelled first. */
        boolean hand(ThrottleAdmission admission) {
            return slot.compareAndSet(PENDING, admission);
        }

        /** The admission handed before the cancellation, or null when none was. */
        ThrottleAdmission cancel() {
            Object previous = slot.getAndSet(CANCELLED);
            return previous instanceof ThrottleAdmission admission ? admission : null;
        }
    }

    private static final class Shared {
        static final InMemoryThrottleGate GATE = create(new ThrottleGateOptions());
    }
}
