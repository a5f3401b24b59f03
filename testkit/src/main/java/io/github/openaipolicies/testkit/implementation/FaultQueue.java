package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Fault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Faults waiting to be played, in the order they were injected. A request takes the oldest fault that matches its
 * deployment (or names none). Thread-safe.
 */
public final class FaultQueue {
    private static final class Pending {
        final String deployment;
        final Fault fault;
        int remaining;

        Pending(String deployment, Fault fault, int remaining) {
            this.deployment = deployment;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final List<Pending> pending = new ArrayList<>();

    /**
     * Queues a fault.
     *
     * @param deployment the deployment it is limited to, or null for any
     * @param fault the fault
     * @param times how many requests it applies to, at least 1
     */
    public synchronized void add(String deployment, Fault fault, int times) {
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
        pending.add(new Pending(deployment, fault, times));
    }

    /**
     * Takes one play of the oldest fault matching a deployment.
     *
     * @param deployment the request's deployment
     * @return the fault to play, or empty
     */
    public synchronized Optional<Fault> take(String deployment) {
        Iterator<Pending> iterator = pending.iterator();
        while (iterator.hasNext()) {
            Pending candidate = iterator.next();
            if (candidate.deployment == null || candidate.deployment.equals(deployment)) {
                if (--candidate.remaining == 0) {
                    iterator.remove();
                }
                return Optional.of(candidate.fault);
            }
        }
        return Optional.empty();
    }

    /**
     * The number of plays left over all pending faults.
     *
     * @return the total
     */
    public synchronized int remaining() {
        return pending.stream().mapToInt(p -> p.remaining).sum();
    }

    /**
     * Drops every pending fault.
     */
    public synchronized void clear() {
        pending.clear();
    }
}
