// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.implementation.gate.InMemoryThrottleGate;
import reactor.core.publisher.Mono;

/**
 * The throttle state of the deployments one process talks to, shared by every call and every client that uses it:
 * attempts to one quota key wait here while the server has said that the quota is used up, and go out in the order
 * their calls started. Thread-safe. {@link ThrottleGatePolicy} asks the gate before every attempt and reports what
 * came of it; see {@code docs/throttle-gate.md} for the rules the in-memory gate follows.
 *
 * <p>This interface is also the seam for a gate whose state lives elsewhere (a shared store): an implementation
 * answers {@link #acquire} (asynchronously) and {@link #acquireSync} (blocking) for a {@link ThrottleRequest}, and
 * takes in a {@link ThrottleFeedback} for every admission it gave, through {@link #report}.</p>
 *
 * <pre>{@code
 * ThrottleGate gate = ThrottleGate.shared();
 * builder.addPolicy(new ThrottleGatePolicy(gate));
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
     * @param request the request of an attempt
     * @return the quota key, not null
     */
    String quotaKey(HttpRequest request);

    /**
     * Asks to let an attempt go. The returned {@code Mono} emits the admission when the attempt may go, at once when
     * nothing holds it, and never blocks. It signals {@link ThrottleGateTimeoutException} as soon as the wait would
     * pass the request's deadline. Cancelling the subscription while waiting takes the attempt out of the queue.
     *
     * @param request the attempt's quota key, cost, call start and deadline
     * @return the admission, to be {@linkplain #report reported} exactly once
     */
    Mono<ThrottleAdmission> acquire(ThrottleRequest request);

    /**
     * Asks to let an attempt go, blocking the calling thread while it is held.
     *
     * @param request the attempt's quota key, cost, call start and deadline
     * @return the admission, to be {@linkplain #report reported} exactly once
     * @throws ThrottleGateTimeoutException as soon as the wait would pass the request's deadline
     * @throws InterruptedException if the thread is interrupted while waiting; the attempt leaves the queue
     */
    ThrottleAdmission acquireSync(ThrottleRequest request) throws InterruptedException;

    /**
     * Lets an attempt go at once if nothing holds it, without blocking and without queueing it: the cheap path for
     * when nothing is throttled. Callers fall back to {@link #acquire} or {@link #acquireSync} when it returns null.
     * The default returns null, so a gate only has to implement the two methods above.
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
     * was cancelled or was never sent ({@link ThrottleFeedback#abandoned()}).
     *
     * @param admission the admission {@link #acquire} or {@link #acquireSync} gave
     * @param feedback what the response said, or the error
     */
    void report(ThrottleAdmission admission, ThrottleFeedback feedback);
}
