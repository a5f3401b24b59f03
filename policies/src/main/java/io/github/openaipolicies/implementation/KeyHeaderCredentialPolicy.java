// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.credential.KeyCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.core.implementation.CredentialTransportRule;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Sets one key header ({@code api-key: <key>} or {@code Authorization: Bearer <key>}) on every attempt, like
 * azure-core's {@code KeyCredentialPolicy}, but with a {@link CredentialTransportRule} that can allow plain HTTP to
 * loopback hosts. The key is read from the credential on every attempt, so {@code update(...)} takes effect on the
 * next try. Set semantics: an existing value of the header is replaced.
 */
public final class KeyHeaderCredentialPolicy implements HttpPipelinePolicy {
    private static final ClientLogger LOGGER = new ClientLogger(KeyHeaderCredentialPolicy.class);

    private final HttpHeaderName headerName;
    private final KeyCredential credential;
    private final String prefix;
    private final CredentialTransportRule transportRule;

    /**
     * Creates the policy.
     *
     * @param headerName the header to set
     * @param credential the key, read on every attempt
     * @param prefix text put before the key with one space, e.g. {@code Bearer}; null for none
     * @param transportRule which URLs may receive the key
     */
    public KeyHeaderCredentialPolicy(HttpHeaderName headerName, KeyCredential credential, String prefix,
        CredentialTransportRule transportRule) {
        this.headerName = Objects.requireNonNull(headerName, "'headerName' cannot be null.");
        this.credential = Objects.requireNonNull(credential, "'credential' cannot be null.");
        this.prefix = prefix;
        this.transportRule = Objects.requireNonNull(transportRule, "'transportRule' cannot be null.");
    }

    /**
     * The header this policy sets.
     *
     * @return the header name
     */
    public HttpHeaderName getHeaderName() {
        return headerName;
    }

    /**
     * Sets the key header on this attempt, then sends it.
     *
     * @param context the call context
     * @param next the rest of the pipeline
     * @return the response, or an error when the URL may not receive the key
     */
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        try {
            authorize(context);
        } catch (IllegalStateException e) {
            return Mono.error(LOGGER.logExceptionAsError(e));
        }
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        try {
            authorize(context);
        } catch (IllegalStateException e) {
            throw LOGGER.logExceptionAsError(e);
        }
        return next.processSync();
    }

    private void authorize(HttpPipelineCallContext context) {
        transportRule.check(context.getHttpRequest().getUrl());
        String key = credential.getKey();
        context.getHttpRequest().getHeaders().set(headerName, prefix == null ? key : prefix + " " + key);
    }
}
