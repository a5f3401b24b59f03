package io.github.openaipolicies.testkit;

import java.time.Duration;
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
 *     api.openai.com and Azure v1 shapes); {@code null} when it named none
 * @param operation the operation the request addressed
 * @param status the HTTP status the simulator answered with; {@code 0} when the connection was reset instead
 * @param authHeaderValueCounts the number of credential values received per header, keyed by lower-case header name
 *     ({@value #API_KEY} and {@value #AUTHORIZATION}, both always present): values are counted per header line and
 *     per comma-separated value within a line, so {@code Authorization: Bearer a, Bearer b} counts 2
 * @param arrivedAt when the request arrived, read from the simulator's clock
 * @param body the request body as text (empty when there was none)
 * @param path the request path with its query string
 * @param answerTime the least time between the request's arrival and the last byte of its answer leaving the
 *     simulator: the latency and any delay fault, plus, for an answer sent in pieces (a streamed chat completion),
 *     the time over which the pieces are spread; zero for a reset connection without latency
 * @param fault the injected fault the simulator played for this request, or {@code null} when it played none (a
 *     {@link Fault.Kind#BREAK_OFF} or {@link Fault.Kind#TRUNCATED_BODY} answer is recorded with status 200: this
 *     tells whether that 200 was complete)
 */
public record JournalEntry(String deployment, Operation operation, int status, Map<String, Integer> authHeaderValueCounts,
                           Instant arrivedAt, String body, String path, Duration answerTime, Fault fault) {

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
     * @param answerTime the least time until the answer's last byte, not null
     * @param fault the fault played, or null
     */
    public JournalEntry {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(authHeaderValueCounts, "authHeaderValueCounts");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(answerTime, "answerTime");
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(API_KEY, 0);
        counts.put(AUTHORIZATION, 0);
        authHeaderValueCounts.forEach((name, count) -> counts.put(name.toLowerCase(Locale.ROOT), count));
        authHeaderValueCounts = Collections.unmodifiableMap(counts);
    }

    /**
     * Creates an entry for a request that got no injected fault ({@link #fault()} null).
     *
     * @param deployment the deployment, or null
     * @param operation the operation, not null
     * @param status the status, or 0 for a connection reset
     * @param authHeaderValueCounts the credential value counts per header name, not null
     * @param arrivedAt the arrival time, not null
     * @param body the body, not null
     * @param path the path, not null
     * @param answerTime the least time until the answer's last byte, not null
     */
    public JournalEntry(String deployment, Operation operation, int status, Map<String, Integer> authHeaderValueCounts,
                        Instant arrivedAt, String body, String path, Duration answerTime) {
        this(deployment, operation, status, authHeaderValueCounts, arrivedAt, body, path, answerTime, null);
    }

    /**
     * Creates an entry for an answer sent at once without latency ({@link #answerTime()} zero).
     *
     * @param deployment the deployment, or null
     * @param operation the operation, not null
     * @param status the status, or 0 for a connection reset
     * @param authHeaderValueCounts the credential value counts per header name, not null
     * @param arrivedAt the arrival time, not null
     * @param body the body, not null
     * @param path the path, not null
     */
    public JournalEntry(String deployment, Operation operation, int status, Map<String, Integer> authHeaderValueCounts,
                        Instant arrivedAt, String body, String path) {
        this(deployment, operation, status, authHeaderValueCounts, arrivedAt, body, path, Duration.ZERO, null);
    }

    /**
     * The earliest moment the answer's last byte can have left the simulator.
     *
     * @return {@code arrivedAt + answerTime}
     */
    public Instant lastByteNotBefore() {
        return arrivedAt.plus(answerTime);
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
