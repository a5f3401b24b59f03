// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.util.function.Function;

/**
 * A hand-written credential policy with the defect behind the original failure: it runs on every try and
 * <em>adds</em> its header ({@code headers.add}) instead of setting it. On a fresh request that is harmless; on a
 * request object re-sent by {@link SameRequestRetryPolicy} it leaves two credential values.
 */
public final class AddingCredentialPolicy implements HttpPipelinePolicy {
    /** The scope Azure OpenAI tokens are requested for. */
    public static final String SCOPE = "https://cognitiveservices.azure.com/.default";

    private static final HttpHeaderName API_KEY = HttpHeaderName.fromString("api-key");

    private final HttpHeaderName header;
    private final Function<HttpPipelineCallContext, Mono<String>> valueAsync;
    private final Function<HttpPipelineCallContext, String> valueSync;

    private AddingCredentialPolicy(HttpHeaderName header, Function<HttpPipelineCallContext, Mono<String>> valueAsync,
        Function<HttpPipelineCallContext, String> valueSync) {
        this.header = header;
        this.valueAsync = valueAsync;
        this.valueSync = valueSync;
    }

    /**
     * Adds {@code api-key: <key>}.
     *
     * @param key the key
     * @return the policy
     */
    public static AddingCredentialPolicy apiKey(String key) {
        return new AddingCredentialPolicy(API_KEY, context -> Mono.just(key), context -> key);
    }

    /**
     * Adds {@code Authorization: Bearer <key>}, the api.openai.com shape.
     *
     * @param key the key
     * @return the policy
     */
    public static AddingCredentialPolicy bearerKey(String key) {
        return new AddingCredentialPolicy(HttpHeaderName.AUTHORIZATION, context -> Mono.just("Bearer " + key),
            context -> "Bearer " + key);
    }

    /**
     * Adds {@code Authorization: Bearer <token>}, asking the credential for a token on every try (a credential such
     * as azure-identity's caches it itself).
     *
     * @param credential the token credential
     * @return the policy
     */
    public static AddingCredentialPolicy bearerToken(TokenCredential credential) {
        TokenRequestContext request = new TokenRequestContext().addScopes(SCOPE);
        return new AddingCredentialPolicy(HttpHeaderName.AUTHORIZATION,
            context -> credential.getToken(request).map(token -> "Bearer " + token.getToken()),
            context -> "Bearer " + credential.getTokenSync(request).getToken());
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return valueAsync.apply(context)
            .flatMap(value -> {
                context.getHttpRequest().getHeaders().add(header, value);
                return next.process();
            });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        context.getHttpRequest().getHeaders().add(header, valueSync.apply(context));
        return next.processSync();
    }
}
