// Licensed under the MIT License.
package io.github.openaipolicies.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttemptLoggingOptionsTest {
    @Test
    void defaults() {
        AttemptLoggingOptions options = new AttemptLoggingOptions();

        assertThat(options.isEnabled()).isTrue();
        assertThat(options.getLogLevel()).isEqualTo(Level.INFO);
        assertThat(options.getFailureLogLevel()).isEqualTo(Level.WARN);
        assertThat(options.getAllowedQueryParams()).containsExactly("api-version");
        assertThat(options.getAdditionalLoggedHeaders()).isEmpty();
        assertThat(options.getAdditionalRedactedHeaders()).isEmpty();
    }

    @Test
    void headerNamesAreLowerCasedAndCopied() {
        Set<String> names = new HashSet<>(Arrays.asList("X-Trace", "X-Secret"));
        AttemptLoggingOptions options = new AttemptLoggingOptions().setAdditionalLoggedHeaders(names)
            .setAdditionalRedactedHeaders(Set.of("X-Secret"));
        names.clear();

        assertThat(options.getAdditionalLoggedHeaders()).containsExactlyInAnyOrder("x-trace", "x-secret");
        assertThat(options.getAdditionalRedactedHeaders()).containsExactly("x-secret");
        assertThatThrownBy(() -> options.getAdditionalLoggedHeaders().add("x"))
            .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void queryParameterNamesKeepTheirCase() {
        assertThat(new AttemptLoggingOptions().setAllowedQueryParams(Set.of("Api-Version")).getAllowedQueryParams())
            .containsExactly("Api-Version");
    }

    @Test
    void theCopyIsIndependent() {
        AttemptLoggingOptions original = new AttemptLoggingOptions().setEnabled(false).setLogLevel(Level.DEBUG)
            .setFailureLogLevel(Level.ERROR).setAllowedQueryParams(Set.of()).setAdditionalLoggedHeaders(Set.of("a"))
            .setAdditionalRedactedHeaders(Set.of("b"));

        AttemptLoggingOptions copy = new AttemptLoggingOptions(original);
        original.setEnabled(true).setLogLevel(Level.INFO);

        assertThat(copy.isEnabled()).isFalse();
        assertThat(copy.getLogLevel()).isEqualTo(Level.DEBUG);
        assertThat(copy.getFailureLogLevel()).isEqualTo(Level.ERROR);
        assertThat(copy.getAllowedQueryParams()).isEmpty();
        assertThat(copy.getAdditionalLoggedHeaders()).containsExactly("a");
        assertThat(copy.getAdditionalRedactedHeaders()).containsExactly("b");
        assertThat(copy.toString()).contains("enabled=false", "DEBUG", "ERROR");
    }

    @Test
    void nullsAreRefusedNamingTheOption() {
        AttemptLoggingOptions options = new AttemptLoggingOptions();

        assertThatThrownBy(() -> options.setLogLevel(null)).hasMessageContaining("'logLevel'");
        assertThatThrownBy(() -> options.setFailureLogLevel(null)).hasMessageContaining("'failureLogLevel'");
        assertThatThrownBy(() -> options.setAllowedQueryParams(null)).hasMessageContaining("'allowedQueryParams'");
        assertThatThrownBy(() -> options.setAdditionalLoggedHeaders(new HashSet<>(Arrays.asList("a", null))))
            .hasMessageContaining("'additionalLoggedHeaders'");
        assertThatThrownBy(() -> options.setAdditionalRedactedHeaders(null))
            .hasMessageContaining("'additionalRedactedHeaders'");
        assertThatThrownBy(() -> new AttemptLoggingOptions(null)).hasMessageContaining("'other'");
    }
}
