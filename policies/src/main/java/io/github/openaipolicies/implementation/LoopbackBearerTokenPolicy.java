// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.util.logging.ClientLogger;
import io.github.openaipolicies.core.implementation.CredentialTransportRule;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * azure-core's {@link BearerTokenAuthenticationPolicy} (token cache with proactive refresh, set semantics, CAE
 * challenges) with a {@link CredentialTransportRule} in place of its fixed HTTPS check, so a test server on a
 * loopback host can be reached over plain HTTP when the caller opted in. HTTPS requests go through the inherited
 * behaviour unchanged.
 */
public final class LoopbackBearerTokenPolicy extends BearerTokenAuthenticationPolicy {
    private static final ClientLogger LOGGER = new ClientLogger(LoopbackBearerTokenPolicy.class);

    private final CredentialTransportRule transportRule;

    /**
     * Creates the policy.
     *
     * @param credential the token source
     * @param transportRule which URLs may receive the token
     * @param scopes the scopes to request
     */
    public LoopbackBearerTokenPolicy(TokenCredential credential, CredentialTransportRule transportRule,
        String... scopes) {
        super(credential, scopes);
        this.transportRule = Objects.requireNonNull(transportRule, "'transportRule' cannot be null.");
    }

    /**
     * Authorizes this attempt with a token and sends it, answering a challenge once.
     *
     * @param context the call context
     * @param next the rest of the pipeline
     * @return the response, or an error when the URL may not receive the token
     */
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        if (isHttps(context)) {
            return super.process(context, next);
        }
        try {
            transportRule.check(context.getHttpRequest().getUrl());
        } catch (IllegalStateException e) {
            return Mono.error(LOGGER.logExceptionAsError(e));
        }
        HttpPipelineNextPolicy challengeNext = next.clone();
        return authorizeRequest(context).then(Mono.defer(next::process)).flatMap(response -> {
            if (!isChallenge(response)) {
                return Mono.just(response);
            }
            return authorizeRequestOnChallenge(context, response).flatMap(authorized -> {
                if (!authorized) {
                    return Mono.just(response);
                }
                response.close();
                return challengeNext.process();
            });
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        if (isHttps(context)) {
            return super.processSync(context, next);
        }
        try {
            transportRule.check(context.getHttpRequest().getUrl());
        } catch (IllegalStateException e) {
            throw LOGGER.logExceptionAsError(e);
        }
        HttpPipelineNextSyncPolicy challengeNext = next.clone();
        authorizeRequestSync(context);
        HttpResponse response = next.processSync();
        if (isChallenge(response) && authorizeRequestOnChallengeSync(context, response)) {
            response.close();
            return challengeNext.processSync();
        }
        return response;
    }

    private static boolean isHttps(HttpPipelineCallContext context) {
        return "https".equalsIgnoreCase(context.getHttpRequest().getUrl().getProtocol());
    }

    private static boolean isChallenge(HttpResponse response) {
        return response.getStatusCode() == 401 && response.getHeaderValue(HttpHeaderName.WWW_AUTHENTICATE) != null;
    }
}
