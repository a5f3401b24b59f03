// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

/**
 * The level a core decision asks to be logged at, whatever logging the adapter uses: each adapter maps it to its own
 * (azure-core's {@code LogLevel}, slf4j's levels).
 */
public enum LogLevel {
    /** Detail for debugging: slf4j DEBUG. */
    VERBOSE,
    /** A normal event worth seeing: slf4j INFO. */
    INFORMATIONAL,
    /** Something went wrong for one call: slf4j WARN. */
    WARNING,
    /** Something went wrong beyond one call: slf4j ERROR. */
    ERROR
}
