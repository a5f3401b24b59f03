// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Credential test doubles.
 */
final class TestCredentials {
    private TestCredentials() {
    }

    /**
     * A token credential that hands out the given tokens in order (the last one again when they run out) and records
     * every request.
     */
    static final class ScriptedTokenCredential implements TokenCredential {
        private final List<AccessToken> tokens;
        private final List<TokenRequestContext> requests = Collections.synchronizedList(new ArrayList<>());

        ScriptedTokenCredential(AccessToken... tokens) {
            this.tokens = List.of(tokens);
        }

        /** A credential with one token valid for an hour. */
        static ScriptedTokenCredential valid(String token) {
            return new ScriptedTokenCredential(validToken(token));
        }

        static AccessToken validToken(String token) {
            return new AccessToken(token, OffsetDateTime.now().plusHours(1));
        }

        static AccessToken expiredToken(String token) {
            return new AccessToken(token, OffsetDateTime.now().minusMinutes(1));
        }

        List<TokenRequestContext> requests() {
            synchronized (requests) {
                return List.copyOf(requests);
            }
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromSupplier(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            synchronized (requests) {
                requests.add(request);
                return tokens.get(Math.min(requests.size(), tokens.size()) - 1);
            }
        }
    }
}
