// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.core.implementation.CredentialValues;
import io.github.openaipolicies.core.implementation.DedupeDecision;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.implementation.metrics.PipelineMeters;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes sure every attempt carries at most one value of each credential header.
 *
 * <p>A credential policy that <em>adds</em> its header on every try, instead of setting it, makes the second attempt
 * carry two {@code Authorization} values, which the service rejects with 401: throttling turns into an
 * authentication failure. This policy runs on every attempt, last before the transport, and for each guarded header:
 * </p>
 * <ul>
 *   <li>several identical values become exactly one; the first time this happens the policy logs a warning naming
 *   the header (never its value), once per policy instance;</li>
 *   <li>several different values: the request is not sent and the call fails with
 *   {@link DuplicateCredentialException}, thrown by {@code processSync} and signalled by {@code process};</li>
 *   <li>none or one value: nothing changes.</li>
 * </ul>
 * <p>Values are counted per header line and per comma-joined credential: {@code "Bearer a, Bearer a"} counts as two
 * values, {@code "Digest realm=\"x\", nonce=\"y\""} as one. The exact rule is described on
 * {@link CredentialValues}.</p>
 *
 * <p>By default {@code Authorization} and {@code api-key} are guarded; pass other names, such as
 * {@code Ocp-Apim-Subscription-Key}, to {@link #DedupeAuthPolicy(HttpHeaderName...)}.</p>
 *
 * <p>What it measures (see {@code docs/metrics.md}), unless the {@link MetricsOptions} turn metrics off:
 * {@code openai.pipeline.credentials.deduplicated} and {@code openai.pipeline.credentials.refused}, by header.</p>
 */
public final class DedupeAuthPolicy implements HttpPipelinePolicy {
    private static final ClientLogger LOGGER = new ClientLogger(DedupeAuthPolicy.class);
    private static final HttpHeaderName API_KEY = HttpHeaderName.fromString(CredentialValues.API_KEY);
    private static final String ADVICE = "A policy probably adds this header on every try instead of setting it: "
        + "write it with HttpHeaders.set, or wrap the pipeline with OpenAIPipelines.harden(...).";

    private final List<HttpHeaderName> guardedHeaders;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final PipelineMeters meters;

    /** Guards {@code Authorization} and {@code api-key}. */
    public DedupeAuthPolicy() {
        this(HttpHeaderName.AUTHORIZATION, API_KEY);
    }

    /**
     * Guards the given headers (and only those).
     *
     * @param guardedHeaders the credential headers to guard, at least one
     * @throws NullPointerException if the array or one of its names is null
     * @throws IllegalArgumentException if no name is given
     */
    public DedupeAuthPolicy(HttpHeaderName... guardedHeaders) {
        this((MetricsOptions) null, guardedHeaders);
    }

    /**
     * Guards {@code Authorization} and {@code api-key}, with metrics options (e.g. {@link PipelineMetricsOptions}
     * with a provider, or metrics turned off).
     *
     * @param metricsOptions the metrics options; null for azure-core's defaults (on, default provider)
     */
    public DedupeAuthPolicy(MetricsOptions metricsOptions) {
        this(metricsOptions, HttpHeaderName.AUTHORIZATION, API_KEY);
    }

    /**
     * Guards the given headers (and only those), with metrics options.
     *
     * @param metricsOptions the metrics options; null for azure-core's defaults (on, default provider)
     * @param guardedHeaders the credential headers to guard, at least one
     * @throws NullPointerException if the array or one of its names is null
     * @throws IllegalArgumentException if no name is given
     */
    public DedupeAuthPolicy(MetricsOptions metricsOptions, HttpHeaderName... guardedHeaders) {
        Objects.requireNonNull(guardedHeaders, "'guardedHeaders' cannot be null.");
        if (guardedHeaders.length == 0) {
            throw new IllegalArgumentException("'guardedHeaders' must name at least one header.");
        }
        Set<HttpHeaderName> names = new LinkedHashSet<>();
        for (HttpHeaderName name : guardedHeaders) {
            names.add(Objects.requireNonNull(name, "'guardedHeaders' cannot contain null."));
        }
        this.guardedHeaders = List.copyOf(names);
        this.meters = PipelineMeters.of(metricsOptions);
    }

    /**
     * Checks the credential headers of this attempt, then sends it, or fails without sending.
     *
     * @param context the call context
     * @param next the rest of the pipeline
     * @return the response, or an error with {@link DuplicateCredentialException}
     */
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        DuplicateCredentialException rejected = dedupe(context.getHttpRequest());
        return rejected == null ? next.process() : Mono.error(rejected);
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        DuplicateCredentialException rejected = dedupe(context.getHttpRequest());
        if (rejected != null) {
            throw rejected;
        }
        return next.processSync();
    }

    /** Always {@link HttpPipelinePosition#PER_RETRY}: every attempt is checked. */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    /**
     * Collapses identical values in place, or returns the exception to fail with (leaving the headers untouched).
     */
    private DuplicateCredentialException dedupe(HttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        // Allocated only when a header has identical values to collapse: every attempt passes here.
        Map<HttpHeaderName, DedupeDecision> collapses = null;
        for (int i = 0; i < guardedHeaders.size(); i++) {
            HttpHeaderName name = guardedHeaders.get(i);
            HttpHeader header = headers.get(name);
            if (header == null) {
                // Absent: nothing to keep, collapse or refuse (a Bearer call has no api-key, a keyed one no
                // Authorization), so no values and no decision are made for it.
                continue;
            }
            DedupeDecision decision = DedupeDecision.decide(name.getCaseSensitiveName(),
                CredentialValues.ofLines(name.getCaseInsensitiveName(), header.getValuesList()));
            if (decision.action() == DedupeDecision.Action.REJECT) {
                LOGGER.atWarning()
                    .addKeyValue("header", name.getCaseSensitiveName())
                    .addKeyValue("values", decision.valueCount())
                    .addKeyValue("distinctValues", decision.distinctCount())
                    .log("Credential header carries different values; request not sent.");
                measure(request, name, true);
                return new DuplicateCredentialException(name.getCaseSensitiveName(), decision.distinctCount(), ADVICE);
            }
            if (decision.action() == DedupeDecision.Action.COLLAPSE) {
                if (collapses == null) {
                    collapses = new LinkedHashMap<>();
                }
                collapses.put(name, decision);
            }
        }
        if (collapses == null) {
            return null;
        }
        for (Map.Entry<HttpHeaderName, DedupeDecision> entry : collapses.entrySet()) {
            DedupeDecision collapse = entry.getValue();
            headers.set(entry.getKey(), collapse.value());
            measure(request, entry.getKey(), false);
            if (warned.compareAndSet(false, true)) {
                LOGGER.atWarning()
                    .addKeyValue("header", collapse.headerName())
                    .addKeyValue("values", collapse.valueCount())
                    .log("Credential header carried identical values; sending one. A policy probably adds it on "
                        + "every try instead of setting it (logged once).");
            }
        }
        return null;
    }

    private void measure(HttpRequest request, HttpHeaderName header, boolean refused) {
        if (meters.enabled()) {
            meters.forRequest(request).credential(header.getCaseInsensitiveName(), refused);
        }
    }
}
