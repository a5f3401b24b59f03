// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretScrubberTest {
    @Test
    void removesCredentialValuesTokensAndCookies() {
        HttpHeaders headers = new HttpHeaders()
            .add(HttpHeaderName.AUTHORIZATION, "Bearer tok-123, Bearer tok-123")
            .add(CredentialValues.API_KEY, "key-456")
            .add(HttpHeaderName.COOKIE, "session=cookie-789; theme=1")
            .add(HttpHeaderName.SET_COOKIE, "id=setcookie-000; Path=/; HttpOnly");
        SecretScrubber scrubber = new SecretScrubber().learn(headers,
            List.of(HttpHeaderName.AUTHORIZATION, CredentialValues.API_KEY, HttpHeaderName.COOKIE,
                HttpHeaderName.SET_COOKIE));

        String text = "echo tok-123 key-456 cookie-789 setcookie-000 path /a/b theme=1";
        assertThat(scrubber.scrub(text))
            .isEqualTo("echo REDACTED REDACTED REDACTED REDACTED path /a/b theme=1");
        assertThat(scrubber.scrub(null)).isNull();
    }

    @Test
    void aCredentialRepeatedWithCommasIsASecretOnItsOwn() {
        HttpHeaders headers = new HttpHeaders().add(CredentialValues.API_KEY, "key-aaa,key-aaa");
        SecretScrubber scrubber = new SecretScrubber().learn(headers, List.of(CredentialValues.API_KEY));

        assertThat(scrubber.scrub("sent key-aaa")).isEqualTo("sent REDACTED");
    }

    @Test
    void everyCookieValueOfSixCharactersOrMoreIsASecretAndTheWholeLineToo() {
        HttpHeaders headers = new HttpHeaders().add(HttpHeaderName.COOKIE, "=nameless-value; a=abcdef; b=abcde");
        SecretScrubber scrubber = new SecretScrubber().learn(headers, List.of(HttpHeaderName.COOKIE));

        assertThat(scrubber.scrub("abcdef abcde nameless-value"))
            .isEqualTo("REDACTED abcde REDACTED");
        assertThat(scrubber.scrub("Cookie: =nameless-value; a=abcdef; b=abcde")).isEqualTo("Cookie: REDACTED");
    }

    @Test
    void onlyTheFirstPairOfASetCookieLineIsASecretNotItsAttributes() {
        HttpHeaders headers = new HttpHeaders()
            .add(HttpHeaderName.SET_COOKIE, "id=setcookie-000; Domain=example.com; HttpOnly");
        SecretScrubber scrubber = new SecretScrubber().learn(headers, List.of(HttpHeaderName.SET_COOKIE));

        assertThat(scrubber.scrub("setcookie-000 example.com HttpOnly"))
            .isEqualTo("REDACTED example.com HttpOnly");
    }

    @Test
    void ignoresHeadersItWasNotToldAbout() {
        HttpHeaders headers = new HttpHeaders().add(HttpHeaderName.fromString("x-other"), "visible");
        assertThat(new SecretScrubber().learn(headers, List.of(HttpHeaderName.AUTHORIZATION)).scrub("visible"))
            .isEqualTo("visible");
    }
}
