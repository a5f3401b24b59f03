// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UrlRedactorTest {
    private static final Set<String> API_VERSION = Set.of("api-version");

    @Test
    void keepsAllowedParametersAndRedactsTheRest() {
        assertThat(UrlRedactor.redact("https://h/p?api-version=1&sig=s3cret&Api-Version=2&flag&&x=", API_VERSION))
            .isEqualTo("https://h/p?api-version=1&sig=REDACTED&Api-Version=2&REDACTED&&x=REDACTED");
    }

    @Test
    void dropsUserInfoAndFragment() {
        assertThat(UrlRedactor.redact("https://user:pw@h:443/p/q?api-version=1#frag-secret", API_VERSION))
            .isEqualTo("https://REDACTED@h:443/p/q?api-version=1");
        assertThat(UrlRedactor.redact("https://h/p@q", API_VERSION)).isEqualTo("https://h/p@q");
    }

    @Test
    void aParameterWithAnEmptyNameHasItsValueRedacted() {
        assertThat(UrlRedactor.redact("https://h/p?=s3cret&api-version=1", API_VERSION))
            .isEqualTo("https://h/p?=REDACTED&api-version=1");
    }

    @Test
    void anAtSignRightAfterTheHostIsPartOfThePath() {
        assertThat(UrlRedactor.redact("https://h/@p", API_VERSION)).isEqualTo("https://h/@p");
        assertThat(UrlRedactor.redact("/p@q", API_VERSION)).isEqualTo("/p@q");
    }

    @Test
    void referencesWithoutSchemeAreRedactedToo() {
        assertThat(UrlRedactor.redact("user:pw@h/p?sig=s3cret", API_VERSION)).isEqualTo("REDACTED@h/p?sig=REDACTED");
        assertThat(UrlRedactor.redact("?sig=s3cret#frag", API_VERSION)).isEqualTo("?sig=REDACTED");
        assertThat(UrlRedactor.redact("#sig=s3cret", API_VERSION)).isEmpty();
    }

    @Test
    void leavesUrlsWithoutQueryAlone() {
        assertThat(UrlRedactor.redact("https://h/openai/deployments/d/embeddings", API_VERSION))
            .isEqualTo("https://h/openai/deployments/d/embeddings");
        assertThat(UrlRedactor.redact("https://h/p?", API_VERSION)).isEqualTo("https://h/p?");
    }

    @Test
    void anEmptyUserInfoIsMarkedAndAReferenceStartingWithTheSchemeSeparatorIsRedacted() {
        assertThat(UrlRedactor.redact("https://@h/p", API_VERSION)).isEqualTo("https://REDACTED@h/p");
        assertThat(UrlRedactor.redact("://user@h/p", API_VERSION)).isEqualTo("://REDACTED@h/p");
    }
}
