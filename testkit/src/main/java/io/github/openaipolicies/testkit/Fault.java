package io.github.openaipolicies.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A misbehaviour the simulator plays instead of (or before) its normal answer, injected with
 * {@link AzureOpenAISimulator#injectFault(Fault, int)}. Immutable: {@link #withHeader(String, String)} and
 * {@link #withBody(String)} return new instances.
 *
 * <p>Faults apply only to requests that pass authentication and name a configured deployment, so a 401 or 404 is
 * never hidden by a fault. A status fault or a connection reset does not consume quota; a {@link #delay(Duration)}
 * fault is followed by the normal answer, which is throttled and counted like any other.</p>
 */
public final class Fault {

    /** What kind of misbehaviour a fault plays. */
    public enum Kind {
        /** Answer with a given status, headers and body. */
        STATUS,
        /** Reset the connection without answering (the journal records status 0). */
        CONNECTION_RESET,
        /** Wait, then give the normal answer. */
        DELAY
    }

    private static final String AZURE_429_MESSAGE = "Requests to the %s Operation under Azure OpenAI API version %s have "
        + "exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after %d seconds. "
        + "Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.";

    private final Kind kind;
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final String body;
    private final Duration delay;
    private final Duration httpDateRetryAfter;

    private Fault(Kind kind, int status, List<Map.Entry<String, String>> headers, String body, Duration delay,
                  Duration httpDateRetryAfter) {
        this.kind = kind;
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.delay = delay;
        this.httpDateRetryAfter = httpDateRetryAfter;
    }

    /**
     * A response with a status, an Azure-shaped error body naming the status, and no extra headers.
     *
     * @param status an HTTP status from 100 to 599
     * @return the fault
     * @throws IllegalArgumentException if status is out of range
     */
    public static Fault status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be from 100 to 599, was " + status);
        }
        return new Fault(Kind.STATUS, status, List.of(), errorBody(String.valueOf(status), defaultMessage(status)),
            Duration.ZERO, null);
    }

    /**
     * A 429 as Azure OpenAI sends it when a rate limit is hit: {@code retry-after} in whole seconds (rounded up),
     * {@code retry-after-ms}, and Azure's error body with code {@code 429}.
     *
     * @param retryAfter the delay to announce, not negative
     * @return the fault
     */
    public static Fault tooManyRequests(Duration retryAfter) {
        requireNotNegative(retryAfter, "retryAfter");
        long seconds = ceilSeconds(retryAfter);
        String message = String.format(AZURE_429_MESSAGE, "Embeddings_Create", "2024-06-01", seconds);
        return status(429)
            .withHeader("retry-after", Long.toString(seconds))
            .withHeader("retry-after-ms", Long.toString(ceilMillis(retryAfter)))
            .withBody(errorBody("429", message));
    }

    /**
     * A 429 whose {@code Retry-After} is an RFC 1123 HTTP-date, computed from the simulator's clock when the fault
     * is played (so the date lies {@code retryAfter} in the future of that moment, rounded up to whole seconds).
     *
     * @param retryAfter the delay to announce as a date, not negative
     * @return the fault
     */
    public static Fault tooManyRequestsWithHttpDate(Duration retryAfter) {
        requireNotNegative(retryAfter, "retryAfter");
        long seconds = ceilSeconds(retryAfter);
        String message = String.format(AZURE_429_MESSAGE, "Embeddings_Create", "2024-06-01", seconds);
        return new Fault(Kind.STATUS, 429, List.of(), errorBody("429", message), Duration.ZERO,
            Duration.ofSeconds(seconds));
    }

    /**
     * A 429 with error code {@code insufficient_quota}, as sent when the billing quota is used up: no
     * {@code retry-after} header, since retrying cannot help.
     *
     * @return the fault
     */
    public static Fault insufficientQuota() {
        return status(429).withBody("{\"error\":{\"message\":\"You exceeded your current quota, please check your plan "
            + "and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}");
    }

    /**
     * A connection reset by the server instead of an answer (WireMock's {@code CONNECTION_RESET_BY_PEER}).
     *
     * @return the fault
     */
    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, 0, List.of(), "", Duration.ZERO, null);
    }

    /**
     * A delay before the normal answer, e.g. longer than a client's response timeout.
     *
     * @param delay the delay, not negative
     * @return the fault
     */
    public static Fault delay(Duration delay) {
        requireNotNegative(delay, "delay");
        return new Fault(Kind.DELAY, 0, List.of(), "", delay, null);
    }

    /**
     * A copy of this status fault with one more response header (added after any earlier one of the same name).
     *
     * @param name the header name, not null
     * @param value the header value, not null
     * @return the new fault
     * @throws IllegalStateException if this is not a {@link Kind#STATUS} fault
     */
    public Fault withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        requireStatusKind("withHeader");
        List<Map.Entry<String, String>> newHeaders = new ArrayList<>(headers);
        newHeaders.add(Map.entry(name, value));
        return new Fault(kind, status, newHeaders, body, delay, httpDateRetryAfter);
    }

    /**
     * A copy of this status fault with another response body (sent as {@code application/json}).
     *
     * @param json the body, not null
     * @return the new fault
     * @throws IllegalStateException if this is not a {@link Kind#STATUS} fault
     */
    public Fault withBody(String json) {
        Objects.requireNonNull(json, "json");
        requireStatusKind("withBody");
        return new Fault(kind, status, headers, json, delay, httpDateRetryAfter);
    }

    /**
     * The kind of this fault.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The status a {@link Kind#STATUS} fault answers with.
     *
     * @return the status; 0 for the other kinds
     */
    public int status() {
        return status;
    }

    /**
     * The extra response headers of a {@link Kind#STATUS} fault, in order.
     *
     * @return an immutable list of name-value pairs
     */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * The body of a {@link Kind#STATUS} fault.
     *
     * @return the body; empty for the other kinds
     */
    public String body() {
        return body;
    }

    /**
     * The delay of a {@link Kind#DELAY} fault.
     *
     * @return the delay; zero for the other kinds
     */
    public Duration delay() {
        return delay;
    }

    /**
     * For a fault made by {@link #tooManyRequestsWithHttpDate(Duration)}, how far in the future its
     * {@code Retry-After} date lies.
     *
     * @return the delay, or null when the fault sends no computed date
     */
    public Duration httpDateRetryAfter() {
        return httpDateRetryAfter;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> "Fault[status " + status + ", headers " + headers + "]";
            case CONNECTION_RESET -> "Fault[connection reset]";
            case DELAY -> "Fault[delay " + delay + "]";
        };
    }

    private void requireStatusKind(String method) {
        if (kind != Kind.STATUS) {
            throw new IllegalStateException(method + " applies to status faults only, not to " + kind);
        }
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    private static long ceilMillis(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    private static String errorBody(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 500 -> "The server had an error while processing your request. Sorry about that!";
            case 502 -> "Bad gateway.";
            case 503 -> "The service is temporarily unable to process your request. Please try again later.";
            case 504 -> "The operation was timeout.";
            case 429 -> "Rate limit is exceeded. Try again later.";
            default -> "Simulated fault with status " + status + ".";
        };
    }
}
