// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the options classes, with messages that name the option. */
public final class OptionChecks {
    private OptionChecks() {
    }

    /**
     * Checks that a duration option is set and positive.
     *
     * @param value the value
     * @param name the option's name, for the message
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public static Duration requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, "'" + name + "' cannot be null.");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("'" + name + "' must be positive, was " + value + ".");
        }
        return value;
    }
}
