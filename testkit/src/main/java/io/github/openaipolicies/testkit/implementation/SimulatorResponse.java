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
 * @param pacing how to send the body in pieces over time, or null to send it at once
 */
public record SimulatorResponse(int status, List<Map.Entry<String, String>> headers, String body, Duration delay,
                                boolean connectionReset, Pacing pacing) {

    /**
     * How a body is sent in pieces: without a {@code Content-Length} (chunked), or, for a body broken off in its
     * middle, with the {@code Content-Length} of the whole answer although only a part is sent.
     *
     * @param chunks the number of pieces, at least 1
     * @param spread the time over which the pieces are sent (a piece every {@code spread / chunks})
     * @param declaredLength the {@code Content-Length} to declare, or -1 for none (chunked)
     */
    public record Pacing(int chunks, Duration spread, int declaredLength) {
        /**
         * Validates.
         *
         * @param chunks at least 1
         * @param spread not negative
         * @param declaredLength -1 or more
         */
        public Pacing {
            if (chunks < 1) {
                throw new IllegalArgumentException("chunks must be at least 1, was " + chunks);
            }
            Objects.requireNonNull(spread, "spread");
        }
    }

    /**
     * Copies the headers.
     *
     * @param status the status
     * @param headers not null
     * @param body not null
     * @param delay not null
     * @param connectionReset whether to reset
     * @param pacing null to send the body at once
     */
    public SimulatorResponse {
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(delay, "delay");
    }

    /**
     * An answer sent at once.
     *
     * @param status the status
     * @param headers not null
     * @param body not null
     * @param delay not null
     * @param connectionReset whether to reset
     */
    public SimulatorResponse(int status, List<Map.Entry<String, String>> headers, String body, Duration delay,
                             boolean connectionReset) {
        this(status, headers, body, delay, connectionReset, null);
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
