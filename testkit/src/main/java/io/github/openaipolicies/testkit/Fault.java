package io.github.openaipolicies.testkit;

import io.github.openaipolicies.testkit.implementation.ResponseBodies;
import io.github.openaipolicies.testkit.implementation.ThrottleAnswers;

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
        DELAY,
        /**
         * Give the normal answer, but break the connection off in its middle: a streamed chat completion sends its
         * first events and then closes without {@code data: [DONE]}; any other answer sends half its body. The
         * answer declares a {@code Content-Length} longer than what it sends (at least 1 MiB, so no logging policy
         * reads it whole, as none reads a real stream of unknown length), so clients see a premature close, not a
         * short but complete body.
         */
        BREAK_OFF,
        /** Give the normal chat answer with its choice cut by the content filter ({@code finish_reason: content_filter}). */
        CONTENT_FILTERED_COMPLETION,
        /**
         * Give the normal answer's status and headers with only the first half of its body, as a complete HTTP
         * message: the {@code Content-Length} matches what is sent, so the transport sees a whole 200 and only the
         * client's JSON reading fails.
         */
        TRUNCATED_BODY
    }


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
        return tooManyRequests(retryAfter, ThrottleHeaders.RETRY_AFTER_AND_MS);
    }

    /**
     * A 429 as Azure OpenAI sends it when a rate limit is hit, with Azure's body ("... Please retry after N seconds
     * ...") and the delay headers of a style: both {@code retry-after} forms, whole seconds only, only
     * {@code x-ratelimit-reset-tokens} or the misspelt {@code x-rate-limit-reset-tokens} (each with
     * {@code policy-id: DeploymentRatelimit-Token}), or none.
     *
     * @param retryAfter the delay to announce (in the body, and in the headers when the style has any), not negative
     * @param headers which delay headers
     * @return the fault
     */
    public static Fault tooManyRequests(Duration retryAfter, ThrottleHeaders headers) {
        requireNotNegative(retryAfter, "retryAfter");
        Objects.requireNonNull(headers, "headers");
        Fault fault = status(429).withBody(ThrottleAnswers.quotaBody("Embeddings_Create", "2024-06-01", false,
            "OpenAI S0", retryAfter));
        for (Map.Entry<String, String> header : ThrottleAnswers.delayHeaders(headers, retryAfter)) {
            fault = fault.withHeader(header.getKey(), header.getValue());
        }
        return fault;
    }

    /**
     * A 429 without any delay header (Azure's body still names a delay of 1 second).
     *
     * @return the fault
     */
    public static Fault tooManyRequestsWithoutDelay() {
        return tooManyRequests(Duration.ofSeconds(1), ThrottleHeaders.NONE);
    }

    /**
     * A 429 with {@code retry-after} in whole seconds (rounded up) only.
     *
     * @param retryAfter the delay, not negative
     * @return the fault
     */
    public static Fault tooManyRequestsRetryAfterSecondsOnly(Duration retryAfter) {
        return tooManyRequests(retryAfter, ThrottleHeaders.RETRY_AFTER_SECONDS_ONLY);
    }

    /**
     * A 429 as Azure has sent for a token limit with no {@code Retry-After}: only {@code x-ratelimit-reset-tokens}
     * (whole seconds), or with {@code misspelt} the {@code x-rate-limit-reset-tokens} seen in the field, and
     * {@code policy-id: DeploymentRatelimit-Token}; the body names the token rate limit.
     *
     * @param reset the delay in the reset header, not negative
     * @param misspelt whether to send {@code x-rate-limit-reset-tokens} instead of {@code x-ratelimit-reset-tokens}
     * @return the fault
     */
    public static Fault tooManyRequestsResetTokensOnly(Duration reset, boolean misspelt) {
        requireNotNegative(reset, "reset");
        Fault fault = tooManyRequests(reset, misspelt ? ThrottleHeaders.MISSPELT_RESET_TOKENS_ONLY
            : ThrottleHeaders.RESET_TOKENS_ONLY);
        return fault.withBody(ThrottleAnswers.quotaBody("ChatCompletions_Create", "2024-06-01", true, "OpenAI S0",
            reset));
    }

    /**
     * A 429 with the short body Azure has also sent, {@code "Rate limit is exceeded. Try again in N seconds."}, and
     * {@code retry-after} in whole seconds.
     *
     * @param retryAfter the delay, not negative
     * @return the fault
     */
    public static Fault rateLimitIsExceeded(Duration retryAfter) {
        return tooManyRequestsRetryAfterSecondsOnly(retryAfter)
            .withBody(ThrottleAnswers.rateLimitIsExceededBody(retryAfter));
    }

    /**
     * A 429 whose body names the token rate limit of an {@code AIServices S0} pricing tier (a multi-service
     * resource), with both {@code retry-after} forms.
     *
     * @param retryAfter the delay, not negative
     * @return the fault
     */
    public static Fault aiServicesTokenRateLimit(Duration retryAfter) {
        return tooManyRequests(retryAfter).withBody(ThrottleAnswers.quotaBody("ChatCompletions_Create",
            "2024-06-01", true, "AIServices S0", retryAfter));
    }

    /**
     * A 429 for a lack of capacity on the service's side, unrelated to the deployment's quota (no
     * {@code x-ratelimit-*} header speaks of it), with both {@code retry-after} forms. Consumes no quota.
     *
     * @param retryAfter the delay, not negative
     * @return the fault
     */
    public static Fault capacityExceeded(Duration retryAfter) {
        return tooManyRequests(retryAfter).withBody(ThrottleAnswers.capacityBody());
    }

    /**
     * Azure's 400 for a prompt refused by its content filter: {@code code: content_filter},
     * {@code innererror.code: ResponsibleAIPolicyViolation}.
     *
     * @return the fault
     */
    public static Fault contentFilter() {
        return status(400).withBody(ResponseBodies.contentFilterError());
    }

    /**
     * A chat answer (200, quota charged) whose choice the content filter cut: {@code finish_reason: content_filter}
     * (streamed or not). Embeddings requests get their normal answer.
     *
     * @return the fault
     */
    public static Fault contentFilteredCompletion() {
        return new Fault(Kind.CONTENT_FILTERED_COMPLETION, 0, List.of(), "", Duration.ZERO, null);
    }

    /**
     * The normal answer broken off in its middle (see {@link Kind#BREAK_OFF}): a streamed chat completion stops
     * after its first events. Throttling applies first: a refused request gets its 429 and the fault is used up.
     *
     * @return the fault
     */
    public static Fault breakOff() {
        return new Fault(Kind.BREAK_OFF, 0, List.of(), "", Duration.ZERO, null);
    }

    /**
     * A 200 whose body is cut short (see {@link Kind#TRUNCATED_BODY}): the first half of the normal answer, complete
     * as an HTTP message, so the client fails reading the JSON, not the transport. Throttling applies first: a refused
     * request gets its 429 and the fault is used up. A streamed chat completion is not cut.
     *
     * @return the fault
     */
    public static Fault truncatedBody() {
        return new Fault(Kind.TRUNCATED_BODY, 0, List.of(), "", Duration.ZERO, null);
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
        long seconds = ThrottleAnswers.ceilSeconds(retryAfter);
        return new Fault(Kind.STATUS, 429, List.of(), ThrottleAnswers.quotaBody("Embeddings_Create", "2024-06-01",
            false, "OpenAI S0", retryAfter), Duration.ZERO,
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
            case BREAK_OFF -> "Fault[break off]";
            case CONTENT_FILTERED_COMPLETION -> "Fault[content filtered completion]";
            case TRUNCATED_BODY -> "Fault[truncated body]";
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
