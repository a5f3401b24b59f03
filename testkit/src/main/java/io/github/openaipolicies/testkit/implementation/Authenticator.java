package io.github.openaipolicies.testkit.implementation;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a request's credentials are accepted.
 *
 * <p>Any credential header carrying more than one value (two header lines, or two values joined by a comma) refuses
 * the request, as the service does. Otherwise an Azure-shaped request (deployments or unified {@code /openai/v1/...}
 * routes) is accepted with one {@code api-key} equal to
 * a configured key, or one {@code Authorization: Bearer <token>} naming a configured bearer token; an
 * api.openai.com-shaped request ({@code /v1/...}) is accepted with one {@code Authorization: Bearer <secret>} naming
 * a configured key or token (OpenAI keys travel as bearer tokens).</p>
 */
public final class Authenticator {
    private static final String BEARER = "bearer ";

    private final Set<String> apiKeys;
    private final Set<String> bearerTokens;

    /**
     * Creates an authenticator.
     *
     * @param apiKeys accepted keys
     * @param bearerTokens accepted bearer tokens
     */
    public Authenticator(Set<String> apiKeys, Set<String> bearerTokens) {
        this.apiKeys = Set.copyOf(apiKeys);
        this.bearerTokens = Set.copyOf(bearerTokens);
    }

    /**
     * Checks a request's credential headers.
     *
     * @param apiKeyLines the lines of {@code api-key}
     * @param authorizationLines the lines of {@code Authorization}
     * @param openAIShape whether the request uses the api.openai.com path shape
     * @return true when accepted
     */
    public boolean accepts(List<String> apiKeyLines, List<String> authorizationLines, boolean openAIShape) {
        List<String> keys = CredentialValues.split(apiKeyLines);
        List<String> authorizations = CredentialValues.split(authorizationLines);
        if (keys.size() > 1 || authorizations.size() > 1) {
            return false;
        }
        String bearer = authorizations.isEmpty() ? null : bearerSecret(authorizations.get(0));
        if (openAIShape) {
            return bearer != null && (apiKeys.contains(bearer) || bearerTokens.contains(bearer));
        }
        return (keys.size() == 1 && apiKeys.contains(keys.get(0)))
            || (bearer != null && bearerTokens.contains(bearer));
    }

    private static String bearerSecret(String authorization) {
        if (authorization.length() <= BEARER.length()
            || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }
}
