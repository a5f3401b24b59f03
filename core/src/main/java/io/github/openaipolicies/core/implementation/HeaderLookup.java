// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.List;

/** The headers of a request or response, whatever HTTP client carries them: what the core's decisions read. */
@FunctionalInterface
public interface HeaderLookup {
    /** No headers at all. */
    HeaderLookup NONE = name -> null;

    /**
     * A header's value, by case-insensitive name.
     *
     * @param name the header's name
     * @return its value (several values joined by {@code ","}), or null when absent
     */
    String value(String name);

    /**
     * A header's values, one per header line, by case-insensitive name. The default reads {@link #value} as one.
     *
     * @param name the header's name
     * @return its values, empty when absent
     */
    default List<String> values(String name) {
        String value = value(name);
        return value == null ? List.of() : List.of(value);
    }
}
