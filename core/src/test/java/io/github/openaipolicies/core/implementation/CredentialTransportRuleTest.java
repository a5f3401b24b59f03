// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.MalformedURLException;
import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialTransportRuleTest {
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost", "localhost.", "127.0.0.1", "127.0.0.0", "127.255.255.255",
        "127.1.2.3", "127.9.9.9", "127.100.0.1", "[::1]", "[0:0:0:0:0:0:0:1]", "[0000::0001]", "[::0:1]",
        "[0:0:0:0:0:0::1]", "[::0:0:0:0:0:0:1]", "[::1%lo0]", "[::1]."})
    void loopbackHosts(String host) {
        assertThat(CredentialTransportRule.isLoopbackHost(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "localhost.example.com", "mylocalhost", "128.0.0.1", "126.0.0.1",
        "10.0.0.1", "0.0.0.0", "127.0.0", "127.0.0.1.2", "127.0.0.256", "127.0.0.-1", "127.0.0.1.example.com",
        "0177.0.0.1x", "[::]", "[::2]", "[1::1]", "[::1:1]", "[::ffff:127.0.0.1]", "::1", "[0:0:0:0:0:0:0:0:1]",
        "[::1::]", "[g::1]", "[0:0:0:0:0:0:0::1]"})
    void notLoopbackHosts(String host) {
        assertThat(CredentialTransportRule.isLoopbackHost(host)).isFalse();
    }

    @Test
    void httpsIsAlwaysAllowed() throws MalformedURLException {
        assertThatCode(() -> new CredentialTransportRule(false).check(new URL("https://example.com/x")))
            .doesNotThrowAnyException();
        assertThatCode(() -> new CredentialTransportRule(true).check(new URL("https://example.com/x")))
            .doesNotThrowAnyException();
    }

    @Test
    void plainHttpNeedsTheOptInAndALoopbackHost() throws MalformedURLException {
        URL local = new URL("http://localhost:8080/x");
        URL remote = new URL("http://example.com/x");

        assertThatThrownBy(() -> new CredentialTransportRule(false).check(local))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("require HTTPS")
            .hasMessageContaining("allowInsecureLoopback(true)");
        assertThatCode(() -> new CredentialTransportRule(true).check(local)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new CredentialTransportRule(true).check(remote))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("loopback hosts")
            .hasMessageContaining("example.com");
    }

    @Test
    void otherSchemesAreRefused() throws MalformedURLException {
        assertThatThrownBy(() -> new CredentialTransportRule(true).check(new URL("ftp://localhost/x")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("ftp");
    }
}
