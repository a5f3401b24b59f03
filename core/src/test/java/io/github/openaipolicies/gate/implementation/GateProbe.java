// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

/**
 * Test-only view of an {@link InMemoryThrottleGate}'s queues for tests outside this package (whose methods are
 * package-private, so not part of the library's API).
 */
public final class GateProbe {
    private GateProbe() {
    }

    /**
     * The attempts waiting for a key.
     *
     * @param gate the gate
     * @param quotaKey the key
     * @return the number waiting, 0 for an unknown key
     */
    public static int waiting(InMemoryThrottleGate gate, String quotaKey) {
        return gate.waiting(quotaKey);
    }

    /**
     * The attempts admitted and not yet reported for a key.
     *
     * @param gate the gate
     * @param quotaKey the key
     * @return the number in flight, 0 for an unknown key
     */
    public static int inFlight(InMemoryThrottleGate gate, String quotaKey) {
        return gate.inFlight(quotaKey);
    }
}
