// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Headers for tests: case-insensitive names, one entry per added line, as an HTTP client's headers behave. */
final class TestHeaders implements HeaderLookup {
    private final Map<String, List<String>> lines = new LinkedHashMap<>();

    /** Adds one header line. */
    TestHeaders add(String name, String value) {
        lines.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    @Override
    public String value(String name) {
        List<String> values = lines.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : String.join(",", values);
    }

    @Override
    public List<String> values(String name) {
        return List.copyOf(lines.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }
}
