// Licensed under the MIT License.
package io.github.openaipolicies.metrics.implementation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names, units, descriptions and attribute keys of the library's metrics, as documented in {@code docs/metrics.md}:
 * the same whatever adapter records them and whatever metrics library receives them.
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

    /** Description of {@link #ATTEMPTS}. */
    public static final String ATTEMPTS_DESCRIPTION = "Attempts sent, by status class and retry";
    /** Description of {@link #RETRIES}. */
    public static final String RETRIES_DESCRIPTION = "Retries started, by reason";
    /** Description of {@link #SERVER_DELAY}. */
    public static final String SERVER_DELAY_DESCRIPTION = "Server-requested delays waited before a retry";
    /** Description of {@link #CALLS_STOPPED}. */
    public static final String CALLS_STOPPED_DESCRIPTION =
        "Calls stopped by a retry cap, the timeout, insufficient_quota or the gate's deadline";
    /** Description of {@link #GATE_HOLD}. */
    public static final String GATE_HOLD_DESCRIPTION = "Time attempts were held in the throttle gate, by hold reason";
    /** Description of {@link #GATE_WAITING}. */
    public static final String GATE_WAITING_DESCRIPTION = "Attempts waiting in the throttle gate";
    /** Description of {@link #GATE_LEASES_RECLAIMED}. */
    public static final String GATE_LEASES_RECLAIMED_DESCRIPTION =
        "Admissions taken back by the throttle gate because nobody reported them within their lease";
    /** Description of {@link #CREDENTIALS_DEDUPLICATED}. */
    public static final String CREDENTIALS_DEDUPLICATED_DESCRIPTION =
        "Attempts whose repeated identical credential values were collapsed to one";
    /** Description of {@link #CREDENTIALS_REFUSED}. */
    public static final String CREDENTIALS_REFUSED_DESCRIPTION =
        "Attempts refused because a credential header carried different values";

    /** Unit: attempts. */
    public static final String UNIT_ATTEMPT = "{attempt}";
    /** Unit: retries. */
    public static final String UNIT_RETRY = "{retry}";
    /** Unit: calls. */
    public static final String UNIT_CALL = "{call}";
    /** Unit: gate admissions. */
    public static final String UNIT_ADMISSION = "{admission}";
    /** Unit: seconds. */
    public static final String UNIT_SECONDS = "s";

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

    /**
     * The attributes of a quota key: its host, then its deployment, model or API family when it has one.
     *
     * @param host the host, lower case
     * @param deployment the Azure OpenAI deployment, or null
     * @param model the model of the {@code /v1} shape, or null
     * @param api the API family, or null
     * @return the attributes, in that order, unmodifiable
     */
    public static Map<String, Object> keyAttributes(String host, String deployment, String model, String api) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SERVER_ADDRESS, host);
        putIfNotNull(attributes, DEPLOYMENT, deployment);
        putIfNotNull(attributes, MODEL, model);
        putIfNotNull(attributes, API, api);
        return Collections.unmodifiableMap(attributes);
    }

    private static void putIfNotNull(Map<String, Object> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }

    /** The lower-case form of a reason's or a header's name, the form attribute values take. */
    static String lowerCase(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
