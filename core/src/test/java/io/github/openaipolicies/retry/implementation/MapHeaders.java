// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Test headers: case-insensitive names, one entry per header line, values joined with "," as an HTTP client does. */
final class MapHeaders implements HeaderLookup {
    private final Map<String, List<String>> lines = new LinkedHashMap<>();

    /**
     * Headers from name, value, name, value, ...; a name given twice is two header lines.
     *
     * @param namesAndValues names and values, alternating
     * @return the headers
     */
    static MapHeaders of(String... namesAndValues) {
        MapHeaders headers = new MapHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    MapHeaders add(String name, String value) {
        lines.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
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
