// Licensed under the MIT License.
package io.github.openaipolicies.gate;

import io.github.openaipolicies.gate.implementation.InMemoryThrottleGate;

import java.util.concurrent.CompletableFuture;

/**
 * The throttle state of the deployments one process talks to, shared by every call and every client that uses it:
 * attempts to one quota key wait here while the server has said that the quota is used up, and go out in the order
 * their calls started. Thread-safe. An adapter (the azure-core {@code ThrottleGatePolicy}, the openai-java wrapper)
 * asks the gate before every attempt and reports what came of it, whatever HTTP client sends it; see {@code docs/throttle-gate.md} for the rules the in-memory gate follows.
 *
 * <p>This interface is also the seam for a gate whose state lives elsewhere (a shared store): an implementation
 * answers {@link #acquire} (asynchronously) and {@link #acquireSync} (blocking) for a {@link ThrottleRequest}, and
 * takes in a {@link ThrottleFeedback} for every admission it gave, through {@link #report}.</p>
 *
 * <h2>Contract</h2>
 * <ul>
 *     <li><b>Threads.</b> Every method may be called from any thread, concurrently. {@link #acquire},
 *     {@link #tryAcquireNow} and {@link #report} are called on the caller's thread or an HTTP client's I/O thread
 *     (a Netty event loop, say) and must never block. Only {@link #acquireSync} blocks, on the caller's own thread,
 *     at most until the request's deadline. The future of {@code acquire} may complete on any thread: the
 *     caller's (already completed when nothing holds the attempt), a timer's, or the one that reported the answer
 *     which let the attempt go (the in-memory gate completes it there, so what depends on it runs on that thread).
 *     A gate never completes a future while it holds a lock of its own.</li>
 *     <li><b>{@code report} is on the response path.</b> It runs on the I/O thread that received the answer,
 *     before the caller sees the response: it must be fast (no I/O awaited; a shared-store gate writes without
 *     waiting), must not block, and must not throw for an admission this gate gave (a throw would lose the
 *     response).</li>
 *     <li><b>Exactly one report per admission.</b> Whoever receives an admission (from {@code acquire},
 *     {@code acquireSync} or {@code tryAcquireNow}) reports it exactly once, on every path: with the response, the
 *     error, or {@link ThrottleFeedback#abandoned()} when the attempt was cancelled or never sent. A gate ignores a
 *     second report of the same admission.</li>
 *     <li><b>Cancelling.</b> {@code cancel(..)} on the future of {@code acquire} withdraws the waiting attempt.
 *     Ownership follows who won: if {@code cancel} returned true, no admission exists (the gate withdrew the
 *     attempt, or took back an admission it decided at the same moment): there is nothing to report. If the
 *     future completed first ({@code cancel} returned false), whoever holds the future owns that admission and
 *     reports it, with {@link ThrottleFeedback#abandoned()} when the attempt will not be sent.</li>
 *     <li><b>Deadlines.</b> An attempt never leaves the gate after the earlier of {@link ThrottleRequest#deadline()}
 *     and the gate's {@code maxWait} from when it started waiting. The time-out ({@link
 *     ThrottleGateTimeoutException}) comes as soon as the wait would pass that deadline: at once when the wait's
 *     end is known to come later (a hold after a 429 longer than the time left), else when the deadline comes.</li>
 *     <li><b>Interrupts.</b> An {@code acquireSync} interrupted while waiting leaves the queue and throws
 *     {@link InterruptedException}. When the wait was decided at the same moment: a time-out is thrown as such with
 *     the thread's interrupt flag set again, and an admission is reported abandoned by the gate before the
 *     {@code InterruptedException} is thrown.</li>
 *     <li><b>Leases.</b> An admission that is never reported must not hold its quota for good: a gate takes back an
 *     admission still unreported some margin after its call's deadline and ignores a report that comes later. The
 *     in-memory gate's margin is {@link InMemoryThrottleGate#LEASE_MARGIN}; it logs each one at WARNING and counts
 *     them ({@link InMemoryThrottleGate#leasesReclaimed()}). This is a second line of defence against a policy or
 *     transport that loses reports, not a substitute for reporting.</li>
 * </ul>
 *
 * <pre>{@code
 * ThrottleGate gate = ThrottleGate.shared();
 * ThrottleAdmission admission = gate.acquireSync(new ThrottleRequest(gate.quotaKey(view), cost, start, deadline));
 * try {
 *     response = send();
 *     gate.report(admission, feedbackOf(response));
 * } catch (RuntimeException e) {
 *     gate.report(admission, ThrottleFeedback.error(e));
 *     throw e;
 * }
 * }</pre>
 */
public interface ThrottleGate {
    /**
     * A new in-memory gate with default {@link ThrottleGateOptions}.
     *
     * @return a new gate
     */
    static ThrottleGate create() {
        return create(new ThrottleGateOptions());
    }

    /**
     * A new in-memory gate. The options are copied: changing them later does not change the gate.
     *
     * @param options the options
     * @return a new gate
     * @throws NullPointerException if {@code options} is null
     */
    static ThrottleGate create(ThrottleGateOptions options) {
        return InMemoryThrottleGate.create(options);
    }

    /**
     * The one in-memory gate of this JVM, with default options: every client that uses it shares one view of each
     * deployment's quota.
     *
     * @return the JVM-wide gate
     */
    static ThrottleGate shared() {
        return InMemoryThrottleGate.shared();
    }

    /**
     * The quota key a request draws on, see {@link ThrottleGateOptions#setQuotaKeyResolver}.
     *
     * @param request the request of an attempt, as its adapter sees it
     * @return the quota key, not null
     */
    String quotaKey(RequestView request);

    /**
     * Asks to let an attempt go, without blocking. The returned future completes with the admission when the attempt
     * may go (it is already completed when nothing holds it), or exceptionally with
     * {@link ThrottleGateTimeoutException} as soon as the wait would pass the request's deadline. It may complete on
     * any thread (see the class description), never while the gate holds a lock.
     *
     * <p>{@code cancel(..)} on the returned future withdraws the waiting attempt. If it returns true, no admission
     * exists and there is nothing to report (an admission the gate decided at the same moment goes back to the gate
     * by itself); if it returns false, the future completed first, and whoever holds it owns its admission and
     * reports it exactly once ({@link ThrottleFeedback#abandoned()} when the attempt will not be sent). Cancelling a
     * future derived from it ({@code thenApply} and the like) does not withdraw the attempt.</p>
     *
     * @param request the attempt's quota key, cost, call start and deadline
     * @return the future admission, to be {@linkplain #report reported} exactly once by whoever holds the future
     * when it completed
     */
    CompletableFuture<ThrottleAdmission> acquire(ThrottleRequest request);

    /**
     * Asks to let an attempt go, blocking the calling thread while it is held (never on an I/O thread: use
     * {@link #acquire} there).
     *
     * @param request the attempt's quota key, cost, call start and deadline
     * @return the admission, to be {@linkplain #report reported} exactly once
     * @throws ThrottleGateTimeoutException as soon as the wait would pass the request's deadline; also when an
     * interrupt came as the wait timed out, with the thread's interrupt flag set again
     * @throws InterruptedException if the thread is interrupted while waiting; the attempt leaves the queue, and an
     * admission decided at the same moment is reported abandoned by the gate
     */
    ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException;

    /**
     * Lets an attempt go at once if nothing holds it, without blocking and without queueing it: the cheap path for
     * when nothing is throttled. Callers fall back to {@link #acquire} or {@link #acquireSync} when it returns null.
     * The default returns null, so a gate only has to implement the two methods above. Never blocks.
     *
     * @param request the attempt's quota key, cost, call start and deadline
     * @return the admission, to be {@linkplain #report reported} exactly once, or null when the attempt must ask
     * {@link #acquire} or {@link #acquireSync}
     */
    default ThrottleAdmission tryAcquireNow(ThrottleRequest request) {
        return null;
    }

    /**
     * Reports what came of an admitted attempt. Call it exactly once per admission, also when the attempt failed,
     * was cancelled or was never sent ({@link ThrottleFeedback#abandoned()}). A second report, or one that comes
     * after the gate took the admission back at the end of its lease, is ignored.
     *
     * <p>Runs on the I/O thread that received the answer, before the caller sees the response: an implementation
     * must return quickly, must not block and must not throw for an admission it gave. It may let waiting attempts
     * go on this thread.</p>
     *
     * @param admission the admission {@link #acquire}, {@link #acquireSync} or {@link #tryAcquireNow} gave
     * @param feedback what the response said, or the error
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if this gate did not give the admission (a caller's mistake)
     */
    void report(ThrottleAdmission admission, ThrottleFeedback feedback);
}
