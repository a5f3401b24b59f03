package io.github.openaipolicies.testkit.implementation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the simulator answers, free of WireMock types.
 *
 * @param status the HTTP status (0 with {@code connectionReset})
 * @param headers the response headers, in order
 * @param body the body text
 * @param delay how long to wait before answering
 * @param connectionReset whether to reset the connection instead of answering
 */
public record SimulatorResponse(int status, List<Map.Entry<String, String>> headers, String body, Duration delay,
                                boolean connectionReset) {

    /**
     * Copies the headers.
     *
     * @param status the status
     * @param headers not null
     * @param body not null
     * @param delay not null
     * @param connectionReset whether to reset
     */
    public SimulatorResponse {
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(delay, "delay");
    }

    /**
     * The first value of a header.
     *
     * @param name the name, any case
     * @return the value, or null when absent
     */
    public String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
            .findFirst().orElse(null);
    }
}
