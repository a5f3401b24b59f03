// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code DedupeAuthPolicy} does with one guarded header, decided from its values alone (no I/O).
 *
 * @param action what to do
 * @param headerName the guarded header's name, as the adapter spells it
 * @param value the single value to send when {@code action} is {@link Action#COLLAPSE}, else null
 * @param valueCount how many values the header carried
 * @param distinctCount how many of them were different
 */
public record DedupeDecision(Action action, String headerName, String value, int valueCount,
    int distinctCount) {

    /** What to do with a guarded header. */
    public enum Action {
        /** Absent or a single value: send as is. */
        KEEP,
        /** Several identical values: send exactly one. */
        COLLAPSE,
        /** Several different values: send nothing, fail the call. */
        REJECT
    }

    /**
     * Decides from the values of a header, as counted by {@link CredentialValues}.
     *
     * @param headerName the guarded header
     * @param values its values
     * @return the decision
     */
    public static DedupeDecision decide(String headerName, List<String> values) {
        Objects.requireNonNull(headerName, "'headerName' cannot be null.");
        if (values.size() <= 1) {
            return new DedupeDecision(Action.KEEP, headerName, null, values.size(), values.size());
        }
        Set<String> distinct = new LinkedHashSet<>(values);
        if (distinct.size() == 1) {
            return new DedupeDecision(Action.COLLAPSE, headerName, values.get(0), values.size(), 1);
        }
        return new DedupeDecision(Action.REJECT, headerName, null, values.size(), distinct.size());
    }

    /** {@return a description that names the header and never contains a value} */
    @Override
    public String toString() {
        return "DedupeDecision[" + action + ", " + headerName.toLowerCase(Locale.ROOT) + ", values=" + valueCount
            + ", distinct=" + distinctCount + "]";
    }
}
