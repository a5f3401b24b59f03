// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.util.CoreUtils;

import java.util.Map;

/**
 * Name and version of this library, from the properties file the build writes, for the {@code User-Agent} header.
 */
public final class LibraryInfo {
    private static final Map<String, String> PROPERTIES = CoreUtils.getProperties("openai-pipeline-policies.properties");

    /** The library name, {@code openai-pipeline-policies}. */
    public static final String NAME = PROPERTIES.getOrDefault("name", "openai-pipeline-policies");

    /** The library version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = PROPERTIES.getOrDefault("version", "unknown");

    private LibraryInfo() {
    }
}
