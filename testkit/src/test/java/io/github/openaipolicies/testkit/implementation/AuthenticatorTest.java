package io.github.openaipolicies.testkit.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticatorTest {
    private final Authenticator authenticator = new Authenticator(Set.of("key"), Set.of("token"));

    @Test
    void acceptsOneConfiguredApiKey() {
        assertThat(authenticator.accepts(List.of("key"), List.of(), false)).isTrue();
    }

    @Test
    void acceptsOneConfiguredBearerToken() {
        assertThat(authenticator.accepts(List.of(), List.of("Bearer token"), false)).isTrue();
        assertThat(authenticator.accepts(List.of(), List.of("bearer token"), false)).isTrue();
    }

    @Test
    void refusesMissingOrWrongCredentials() {
        assertThat(authenticator.accepts(List.of(), List.of(), false)).isFalse();
        assertThat(authenticator.accepts(List.of("other"), List.of(), false)).isFalse();
        assertThat(authenticator.accepts(List.of(), List.of("Bearer other"), false)).isFalse();
        assertThat(authenticator.accepts(List.of(), List.of("token"), false)).isFalse();
        assertThat(authenticator.accepts(List.of(), List.of("Basic token"), false)).isFalse();
    }

    @Test
    void refusesABearerHeaderCarryingTheApiKeyOnAzurePaths() {
        assertThat(authenticator.accepts(List.of(), List.of("Bearer key"), false)).isFalse();
    }

    @Test
    void refusesTwoHeaderLinesEvenWhenBothAreValid() {
        assertThat(authenticator.accepts(List.of("key", "key"), List.of(), false)).isFalse();
        assertThat(authenticator.accepts(List.of(), List.of("Bearer token", "Bearer token"), false)).isFalse();
    }

    @Test
    void refusesCommaJoinedDuplicates() {
        assertThat(authenticator.accepts(List.of("key, key"), List.of(), false)).isFalse();
        assertThat(authenticator.accepts(List.of(), List.of("Bearer token, Bearer token"), false)).isFalse();
    }

    @Test
    void refusesAValidKeyWhenAuthorizationIsDuplicated() {
        assertThat(authenticator.accepts(List.of("key"), List.of("Bearer token", "Bearer token"), false)).isFalse();
    }

    @Test
    void refusesAValidTokenWhenApiKeyIsDuplicated() {
        assertThat(authenticator.accepts(List.of("key, key"), List.of("Bearer token"), false)).isFalse();
    }

    @Test
    void openAIShapeTakesKeysAndTokensAsBearerOnly() {
        assertThat(authenticator.accepts(List.of(), List.of("Bearer key"), true)).isTrue();
        assertThat(authenticator.accepts(List.of(), List.of("Bearer token"), true)).isTrue();
        assertThat(authenticator.accepts(List.of("key"), List.of(), true)).isFalse();
        assertThat(authenticator.accepts(List.of(), List.of("Bearer key, Bearer key"), true)).isFalse();
    }
}
