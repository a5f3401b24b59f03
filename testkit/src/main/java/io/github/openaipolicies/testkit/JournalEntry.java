package io.github.openaipolicies.testkit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request received by the simulator, as recorded in its {@link Journal}.
 *
 * @param deployment the deployment the request named (from the path, or the body's {@code model} for the
 *     api.openai.com shape); {@code null} when it named none
 * @param operation the operation the request addressed
 * @param status the HTTP status the simulator answered with; {@code 0} when the connection was reset instead
 * @param authHeaderValueCounts the number of credential values received per header, keyed by lower-case header name
 *     ({@value #API_KEY} and {@value #AUTHORIZATION}, both always present): values are counted per header line and
 *     per comma-separated value within a line, so {@code Authorization: Bearer a, Bearer b} counts 2
 * @param arrivedAt when the request arrived, read from the simulator's clock
 * @param body the request body as text (empty when there was none)
 * @param path the request path with its query string
 */
public record JournalEntry(String deployment, Operation operation, int status, Map<String, Integer> authHeaderValueCounts,
                           Instant arrivedAt, String body, String path) {

    /** Key of {@link #authHeaderValueCounts()} for the {@code api-key} header. */
    public static final String API_KEY = "api-key";

    /** Key of {@link #authHeaderValueCounts()} for the {@code Authorization} header. */
    public static final String AUTHORIZATION = "authorization";

    /**
     * Creates an entry; the header counts are copied with lower-case keys, and missing credential headers count 0.
     *
     * @param deployment the deployment, or null
     * @param operation the operation, not null
     * @param status the status, or 0 for a connection reset
     * @param authHeaderValueCounts the credential value counts per header name, not null
     * @param arrivedAt the arrival time, not null
     * @param body the body, not null
     * @param path the path, not null
     */
    public JournalEntry {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(authHeaderValueCounts, "authHeaderValueCounts");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(path, "path");
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(API_KEY, 0);
        counts.put(AUTHORIZATION, 0);
        authHeaderValueCounts.forEach((name, count) -> counts.put(name.toLowerCase(Locale.ROOT), count));
        authHeaderValueCounts = Collections.unmodifiableMap(counts);
    }

    /**
     * The number of {@code api-key} values the request carried.
     *
     * @return header lines times comma-separated values; 0 when the header was absent
     */
    public int apiKeyValueCount() {
        return authHeaderValueCounts.get(API_KEY);
    }

    /**
     * The number of {@code Authorization} values the request carried.
     *
     * @return header lines times comma-separated values; 0 when the header was absent
     */
    public int authorizationValueCount() {
        return authHeaderValueCounts.get(AUTHORIZATION);
    }
}
