// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.RequestView;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The in-memory {@link ThrottleGate}: one {@link KeyQueue} (and its {@link KeyLedger}) per quota key, created on
 * first use and forgotten when idle.
 *
 * <p>Keys: at most {@value #MAX_KEYS} are remembered. When a new key would pass the bound, the idle keys (nothing
 * waiting, nothing in flight, no hold or wake-up pending) least recently used are forgotten first, down to nine
 * tenths of the bound; a key in use is never forgotten, so the bound is exceeded only while more keys than that are
 * in use at once. Keys unused for {@code idleKeyTimeout} are forgotten anyway.</p>
 *
 * <p>Leases: an admission that is not {@linkplain #report reported} by its call's deadline
 * ({@link ThrottleRequest#deadline()}) plus {@link #LEASE_MARGIN} is reclaimed: its attempt in flight and its cost go
 * back to the key as if reported {@link ThrottleFeedback#abandoned()}, a WARNING names the key and how long past its
 * deadline it was, and {@link #leasesReclaimed()} counts it. A report that comes later is ignored. It is a second
 * line of defence against a policy or transport that loses an admission, which would otherwise hold a slot of the
 * key for as long as the JVM runs. The lease is checked whenever the key is used, by the timer of a key that has
 * waiters, and by the idle-key sweep; it costs no timer per admission.</p>
 */
public final class InMemoryThrottleGate implements ThrottleGate {
    /**
     * How long after its call's deadline an unreported admission is reclaimed: 30 s, longer than an HTTP client
     * usually keeps reading a response after the call's budget ran out (the call's timeout does not interrupt an
     * attempt in flight).
     */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /** The most quota keys the gate remembers while they are idle. */
    public static final int MAX_KEYS = 10_000;

    private final Function<RequestView, String> quotaKeyResolver;
    private final GateSettings settings;
    private final GateEnvironment environment;
    private final ConcurrentMap<String, KeyQueue> queues = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis;
    private final AtomicLong reclaimed = new AtomicLong();
    private final AtomicBoolean evicting = new AtomicBoolean();
    private final int maxKeys;

    /**
     * Creates a gate.
     *
     * @param options the options, copied
     * @param environment the clock, timer and blocker
     */
    public InMemoryThrottleGate(ThrottleGateOptions options, GateEnvironment environment) {
        this(options, environment, MAX_KEYS);
    }

    /** For tests: a gate that remembers at most {@code maxKeys} idle keys. */
    InMemoryThrottleGate(ThrottleGateOptions options, GateEnvironment environment, int maxKeys) {
        ThrottleGateOptions copy = new ThrottleGateOptions(Objects.requireNonNull(options,
            "'options' cannot be null."));
        this.quotaKeyResolver = copy.getQuotaKeyResolver();
        this.settings = GateSettings.of(copy);
        this.environment = Objects.requireNonNull(environment, "'environment' cannot be null.");
        this.nextSweepMillis = new AtomicLong(now().toEpochMilli() + settings.idleKeyTimeout().toMillis());
        this.maxKeys = maxKeys;
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
    public String quotaKey(RequestView request) {
        return Objects.requireNonNull(quotaKeyResolver.apply(request), "The quota key resolver returned null.");
    }

    @Override
    public CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request) {
        Objects.requireNonNull(request, "'request' cannot be null.");
        Instant now = now();
        LedgerAdmission free = admitIfFree(request, now);
        if (free != null) {
            return CompletableFuture.completedFuture(free);
        }
        Acquisition acquisition = new Acquisition(this);
        acquisition.entered(enter(request, now, acquisition::admit, acquisition::fail));
        return acquisition;
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
                if (entered.queue.cancel(entered.waiter)) {
                    throw e;
                }
                return decidedBeforeTheInterrupt(decided, e);
            }
        }
        return outcome(decided);
    }

    /**
     * The interrupt came after the waiter was decided, maybe before the decision reached {@code decided} (it is
     * completed just after the queue's monitor is released, on whichever thread decided): waits for it, which takes
     * no longer than that thread's next few steps. A time-out is thrown as such, with the thread's interrupt flag set
     * again; an admission goes back to the gate and the interrupt is thrown.
     */
    private ThrottleAdmission decidedBeforeTheInterrupt(CompletableFuture<ThrottleAdmission> decided,
        InterruptedException interrupt) throws InterruptedException {
        ThrottleAdmission admission;
        try {
            admission = outcome(decided);
        } catch (ThrottleGateTimeoutException timeout) {
            Thread.currentThread().interrupt();
            throw timeout;
        }
        report(admission, ThrottleFeedback.abandoned());
        throw interrupt;
    }

    /** The admission of a decided wait, or its time-out thrown on the caller's thread. */
    private static ThrottleAdmission outcome(CompletableFuture<ThrottleAdmission> decided) {
        try {
            return decided.join();
        } catch (CompletionException e) {
            ThrottleGateTimeoutException timeout = (ThrottleGateTimeoutException) e.getCause();
            throw new ThrottleGateTimeoutException(timeout.getQuotaKey(), timeout.getWait(), timeout.getAllowed());
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
     * How many admissions this gate has reclaimed since it was created because they were not reported within their
     * lease (their call's deadline plus {@link #LEASE_MARGIN}). Monotonic; for a metric such as
     * {@code openai.pipeline.gate.leases.reclaimed} or a health check: anything above zero means that some policy
     * or transport loses admissions.
     *
     * @return the number of admissions reclaimed
     */
    public long leasesReclaimed() {
        return reclaimed.get();
    }

    /** Counts one reclaimed admission. */
    void leaseReclaimed() {
        reclaimed.incrementAndGet();
    }

    /** The attempts waiting for a key, 0 for an unknown key. */
    int waiting(String quotaKey) {
        KeyQueue queue = queues.get(quotaKey);
        return queue == null ? 0 : queue.waiting();
    }

    /** The attempts admitted and not yet reported (or reclaimed) for a key, 0 for an unknown key. */
    int inFlight(String quotaKey) {
        KeyQueue queue = queues.get(quotaKey);
        return queue == null ? 0 : queue.inFlight();
    }

    /** The number of keys the gate remembers. */
    int keys() {
        return queues.size();
    }

    /** The queue of a key, or null when the gate does not remember it. */
    KeyQueue queue(String quotaKey) {
        return queues.get(quotaKey);
    }

    /** The fast path: an admission at once when the key's queue is empty and its ledger allows it, else null. */
    private LedgerAdmission admitIfFree(ThrottleRequest request, Instant now) {
        sweepIfDue(now);
        KeyQueue queue = queues.get(request.quotaKey());
        return queue == null ? null : queue.admitIfFree(request, now);
    }

    private Entered enter(ThrottleRequest request, Instant now, Consumer<ThrottleAdmission> onAdmit,
        Consumer<Throwable> onFail) {
        Instant latest = now.plus(settings.maxWait());
        Instant deadline = request.deadline().isBefore(latest) ? request.deadline() : latest;
        while (true) {
            KeyQueue queue = queues.get(request.quotaKey());
            if (queue == null) {
                if (queues.size() >= maxKeys) {
                    forgetIdleKeys();
                }
                queue = queues.computeIfAbsent(request.quotaKey(),
                    key -> new KeyQueue(key, settings, environment, this));
            }
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

    /**
     * Forgets the least recently used idle keys until nine tenths of {@link #MAX_KEYS} are left, or no idle key is.
     * One caller at a time; the others go on (the bound is soft by a few keys for a moment).
     */
    private void forgetIdleKeys() {
        if (!evicting.compareAndSet(false, true)) {
            return;
        }
        try {
            int excess = queues.size() - (maxKeys - Math.max(1, maxKeys / 10));
            // Read each key's last use once: it may change while the list is sorted.
            List<Candidate> byLastUse = new ArrayList<>(queues.size());
            queues.forEach((key, queue) -> byLastUse.add(new Candidate(key, queue, queue.lastUsedMillis())));
            byLastUse.sort(Comparator.comparingLong(Candidate::lastUsedMillis));
            for (Candidate candidate : byLastUse) {
                if (excess <= 0) {
                    return;
                }
                if (candidate.queue.retireIfIdle(Duration.ZERO) && queues.remove(candidate.key, candidate.queue)) {
                    excess--;
                }
            }
        } finally {
            evicting.set(false);
        }
    }

    private Instant now() {
        return environment.now();
    }

    record Entered(KeyQueue queue, Waiter waiter) {
    }

    private record Candidate(String key, KeyQueue queue, long lastUsedMillis) {
    }

    private static final class Shared {
        static final InMemoryThrottleGate GATE = create(new ThrottleGateOptions());
    }
}
