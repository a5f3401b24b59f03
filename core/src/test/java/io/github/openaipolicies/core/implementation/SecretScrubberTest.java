// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretScrubberTest {
    @Test
    void removesCredentialValuesTokensAndCookies() {
        TestHeaders headers = new TestHeaders()
            .add("Authorization", "Bearer tok-123, Bearer tok-123")
            .add(CredentialValues.API_KEY, "key-456")
            .add("Cookie", "session=cookie-789; theme=1")
            .add("Set-Cookie", "id=setcookie-000; Path=/; HttpOnly");
        SecretScrubber scrubber = new SecretScrubber().learn(headers,
            List.of("Authorization", CredentialValues.API_KEY, "Cookie",
                "Set-Cookie"));

        String text = "echo tok-123 key-456 cookie-789 setcookie-000 path /a/b theme=1";
        assertThat(scrubber.scrub(text))
            .isEqualTo("echo REDACTED REDACTED REDACTED REDACTED path /a/b theme=1");
        assertThat(scrubber.scrub(null)).isNull();
    }

    @Test
    void readsTheLinesByIndexSoThatAnAbsentHeaderCostsNoIterator() {
        HeaderLookup indexOnly = new HeaderLookup() {
            @Override
            public String value(String name) {
                throw new AssertionError("joined " + name);
            }

            @Override
            public List<String> values(String name) {
                return new CredentialValuesTest.IndexOnlyList(
                    name.equals(CredentialValues.API_KEY) ? List.of("key-456") : List.of());
            }
        };
        SecretScrubber scrubber = new SecretScrubber().learn(indexOnly,
            List.of("Authorization", CredentialValues.API_KEY, "Cookie"));

        assertThat(scrubber.scrub("echo key-456")).isEqualTo("echo REDACTED");
    }

    @Test
    void aCredentialRepeatedWithCommasIsASecretOnItsOwn() {
        TestHeaders headers = new TestHeaders().add(CredentialValues.API_KEY, "key-aaa,key-aaa");
        SecretScrubber scrubber = new SecretScrubber().learn(headers, List.of(CredentialValues.API_KEY));

        assertThat(scrubber.scrub("sent key-aaa")).isEqualTo("sent REDACTED");
    }

    @Test
    void everyCookieValueOfSixCharactersOrMoreIsASecretAndTheWholeLineToo() {
        TestHeaders headers = new TestHeaders().add("Cookie", "=nameless-value; a=abcdef; b=abcde");
        SecretScrubber scrubber = new SecretScrubber().learn(headers, List.of("Cookie"));

        assertThat(scrubber.scrub("abcdef abcde nameless-value"))
            .isEqualTo("REDACTED abcde REDACTED");
        assertThat(scrubber.scrub("Cookie: =nameless-value; a=abcdef; b=abcde")).isEqualTo("Cookie: REDACTED");
    }

    @Test
    void onlyTheFirstPairOfASetCookieLineIsASecretNotItsAttributes() {
        TestHeaders headers = new TestHeaders()
            .add("Set-Cookie", "id=setcookie-000; Domain=example.com; HttpOnly");
        SecretScrubber scrubber = new SecretScrubber().learn(headers, List.of("Set-Cookie"));

        assertThat(scrubber.scrub("setcookie-000 example.com HttpOnly"))
            .isEqualTo("REDACTED example.com HttpOnly");
    }

    @Test
    void ignoresHeadersItWasNotToldAbout() {
        TestHeaders headers = new TestHeaders().add("x-other", "visible");
        assertThat(new SecretScrubber().learn(headers, List.of("Authorization")).scrub("visible"))
            .isEqualTo("visible");
    }

    @Test
    void aWholeEchoedHeaderLineIsOneRedaction() {
        TestHeaders headers = new TestHeaders().add("Authorization", "Bearer tok-1, Bearer tok-1");
        SecretScrubber scrubber = new SecretScrubber().learn(headers, List.of("authorization"));

        assertThat(scrubber.scrub("Authorization: Bearer tok-1, Bearer tok-1")).isEqualTo("Authorization: REDACTED");
    }
}
