// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.List;
import java.util.function.Function;

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

    /**
     * A view of an HTTP client's headers that answers one value per header line, as OkHttp's and openai-java's do:
     * {@link #value} joins the lines with {@code ","}, null when there is none.
     *
     * @param lines a header's values by case-insensitive name, empty when absent (never null)
     * @return the view
     */
    static HeaderLookup ofLines(Function<String, List<String>> lines) {
        return new HeaderLookup() {
            @Override
            public String value(String name) {
                List<String> values = lines.apply(name);
                return values.isEmpty() ? null : String.join(",", values);
            }

            @Override
            public List<String> values(String name) {
                return lines.apply(name);
            }
        };
    }
}
