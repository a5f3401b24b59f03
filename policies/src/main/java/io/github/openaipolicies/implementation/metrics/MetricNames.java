// Licensed under the MIT License.
package io.github.openaipolicies.implementation.metrics;

import java.util.Locale;

/**
 * Names, units and attribute keys of the policies' metrics, as documented in {@code docs/metrics.md}.
 */
public final class MetricNames {
    /** Attempts sent (or failed before an answer). */
    public static final String ATTEMPTS = "openai.pipeline.attempts";
    /** Retries started. */
    public static final String RETRIES = "openai.pipeline.retries";
    /** Server-requested delays waited before a retry. */
    public static final String SERVER_DELAY = "openai.pipeline.server_delay";
    /** Calls a limit stopped. */
    public static final String CALLS_STOPPED = "openai.pipeline.calls.stopped";
    /** Time attempts were held in the throttle gate. */
    public static final String GATE_HOLD = "openai.pipeline.gate.hold.duration";
    /** Attempts waiting in the throttle gate. */
    public static final String GATE_WAITING = "openai.pipeline.gate.waiting";
    /** Admissions the in-memory gate took back because nobody reported them within their lease. */
    public static final String GATE_LEASES_RECLAIMED = "openai.pipeline.gate.leases.reclaimed";
    /** Attempts whose identical credential values were collapsed to one. */
    public static final String CREDENTIALS_DEDUPLICATED = "openai.pipeline.credentials.deduplicated";
    /** Attempts refused because a credential header carried different values. */
    public static final String CREDENTIALS_REFUSED = "openai.pipeline.credentials.refused";

    /** Attribute: the host of the endpoint. */
    public static final String SERVER_ADDRESS = "server.address";
    /** Attribute: the Azure OpenAI deployment, when the URL names one. */
    public static final String DEPLOYMENT = "openai.deployment";
    /** Attribute: the model of the {@code /v1} shape ({@code api.openai.com}), read from the request body. */
    public static final String MODEL = "openai.model";
    /** Attribute: the API family ({@code /openai/threads}, {@code /v1/files}, ...) of a key without a model. */
    public static final String API = "openai.api";
    /** Attribute: {@code 2xx}, {@code 4xx}, {@code 5xx}, {@code other} or {@code error}. */
    public static final String STATUS_CLASS = "status_class";
    /** Attribute: whether the attempt was a retry. */
    public static final String RETRY = "retry";
    /** Attribute: why (a retry reason, a stop reason or a hold reason). */
    public static final String REASON = "reason";
    /** Attribute: the credential header, lower case. */
    public static final String HEADER = "header";

    private MetricNames() {
    }

    /** The lower-case name of an enum constant, the form attribute values take. */
    static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
