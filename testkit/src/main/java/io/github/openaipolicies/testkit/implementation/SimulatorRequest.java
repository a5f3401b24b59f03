package io.github.openaipolicies.testkit.implementation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A received request, free of WireMock types.
 *
 * @param method the HTTP method
 * @param url the path with its query string
 * @param headers header lines by lower-case name, each list in received order
 * @param body the body text (empty when none)
 */
public record SimulatorRequest(String method, String url, Map<String, List<String>> headers, String body) {

    /**
     * Copies the headers with lower-case names.
     *
     * @param method not null
     * @param url not null
     * @param headers not null
     * @param body not null
     */
    public SimulatorRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
            entry -> entry.getKey().toLowerCase(Locale.ROOT), entry -> List.copyOf(entry.getValue()),
            (a, b) -> {
                List<String> merged = new java.util.ArrayList<>(a);
                merged.addAll(b);
                return List.copyOf(merged);
            }));
    }

    /**
     * The lines of one header.
     *
     * @param name the header name, any case
     * @return the lines, empty when absent
     */
    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
