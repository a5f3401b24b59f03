// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.util.logging.LogLevel;

/** Converts between azure-core's {@link LogLevel} and the core's neutral level. */
public final class AzureLogLevels {
    private AzureLogLevels() {
    }

    /**
     * The core level of an azure-core level.
     *
     * @param level {@code VERBOSE}, {@code INFORMATIONAL}, {@code WARNING} or {@code ERROR}
     * @return the core level of the same name
     * @throws IllegalArgumentException for {@link LogLevel#NOT_SET}
     */
    public static io.github.openaipolicies.core.implementation.LogLevel toCore(LogLevel level) {
        return switch (level) {
            case VERBOSE -> io.github.openaipolicies.core.implementation.LogLevel.VERBOSE;
            case INFORMATIONAL -> io.github.openaipolicies.core.implementation.LogLevel.INFORMATIONAL;
            case WARNING -> io.github.openaipolicies.core.implementation.LogLevel.WARNING;
            case ERROR -> io.github.openaipolicies.core.implementation.LogLevel.ERROR;
            default -> throw new IllegalArgumentException("No core level for " + level + ".");
        };
    }

    /**
     * The azure-core level of a core level.
     *
     * @param level the core level
     * @return the azure-core level of the same name
     */
    public static LogLevel toAzure(io.github.openaipolicies.core.implementation.LogLevel level) {
        return switch (level) {
            case VERBOSE -> LogLevel.VERBOSE;
            case INFORMATIONAL -> LogLevel.INFORMATIONAL;
            case WARNING -> LogLevel.WARNING;
            case ERROR -> LogLevel.ERROR;
        };
    }
}
