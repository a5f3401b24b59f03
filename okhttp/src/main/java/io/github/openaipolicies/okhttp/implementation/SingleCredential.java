// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.core.implementation.CredentialValues;
import io.github.openaipolicies.core.implementation.DedupeDecision;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exactly one value of each credential header per attempt, by the core's rule: identical copies collapse to one
 * (logged once per JVM, naming the header, never its value); different values end the call with
 * {@link DuplicateCredentialException} before anything is sent. Either is counted in the metrics.
 */
final class SingleCredential {
    /** The headers that carry an Azure OpenAI or OpenAI credential. */
    static final List<String> GUARDED = List.of(CredentialValues.AUTHORIZATION, CredentialValues.API_KEY);

    private static final Logger LOGGER = LoggerFactory.getLogger(SingleCredential.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SingleCredential() {
    }

    /**
     * The request with one value of each credential header.
     *
     * @param request the request
     * @param metrics the call's metrics, null when off
     * @return {@code request} itself when nothing repeats, else a copy with one value
     * @throws DuplicateCredentialException when a header carries different values
     */
    static Request check(Request request, KeyMetrics metrics) {
        Request checked = request;
        for (String name : GUARDED) {
            List<String> values = CredentialValues.of(name, OkHttpHeaders.of(request.headers()));
            DedupeDecision decision = DedupeDecision.decide(name, values);
            if (decision.action() == DedupeDecision.Action.REJECT) {
                if (metrics != null) {
                    metrics.credential(name, true);
                }
                throw new DuplicateCredentialException(name, decision.distinctCount());
            }
            if (decision.action() == DedupeDecision.Action.COLLAPSE) {
                if (metrics != null) {
                    metrics.credential(name, false);
                }
                if (WARNED.compareAndSet(false, true)) {
                    LOGGER.warn("A request carried the credential header '{}' {} times with the same value; sent "
                        + "once. Something adds the credential instead of setting it.", name, values.size());
                }
                checked = checked.newBuilder().header(name, decision.value()).build();
            }
        }
        return checked;
    }
}
