// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.util.logging.LogLevel;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestLoggingOptionsTest {
    @Test
    void hasSafeDefaults() {
        RequestLoggingOptions options = new RequestLoggingOptions();
        assertThat(options.getLogLevel()).isEqualTo(LogLevel.INFORMATIONAL);
        assertThat(options.getFailureLogLevel()).isEqualTo(LogLevel.WARNING);
        assertThat(options.isLogBodies()).isFalse();
        assertThat(options.getMaxBodyLogSize()).isEqualTo(4096);
        assertThat(options.getAllowedQueryParams()).containsExactly("api-version");
        assertThat(options.getAdditionalLoggedHeaders()).isEmpty();
        assertThat(options.getAdditionalRedactedHeaders()).isEmpty();
    }

    @Test
    void settersAreFluentAndCopy() {
        Set<String> params = new HashSet<>(Set.of("API-Version", "deployment"));
        RequestLoggingOptions options = new RequestLoggingOptions();
        assertThat(options.setLogLevel(LogLevel.VERBOSE).setFailureLogLevel(LogLevel.ERROR).setLogBodies(true)
            .setMaxBodyLogSize(0).setAllowedQueryParams(params)).isSameAs(options);
        params.clear();
        assertThat(options.getAllowedQueryParams()).containsExactlyInAnyOrder("api-version", "deployment");
        assertThat(options.getLogLevel()).isEqualTo(LogLevel.VERBOSE);
        assertThat(options.getFailureLogLevel()).isEqualTo(LogLevel.ERROR);
        assertThat(options.isLogBodies()).isTrue();
        assertThat(options.getMaxBodyLogSize()).isZero();
    }

    @Test
    void rejectsInvalidValuesNamingTheOption() {
        RequestLoggingOptions options = new RequestLoggingOptions();
        assertThatThrownBy(() -> options.setMaxBodyLogSize(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxBodyLogSize");
        assertThatThrownBy(() -> options.setMaxBodyLogSize(RequestLoggingOptions.MAX_BODY_LOG_SIZE_LIMIT + 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodyLogSize");
        assertThatThrownBy(() -> options.setLogLevel(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("logLevel");
        assertThatThrownBy(() -> options.setFailureLogLevel(LogLevel.NOT_SET))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureLogLevel");
        assertThatThrownBy(() -> options.setAllowedQueryParams(Collections.singleton(null)))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("allowedQueryParams");
        assertThatThrownBy(() -> options.setAdditionalRedactedHeaders(null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("additionalRedactedHeaders");
        for (String credential : new String[] {"Authorization", "api-key", "Ocp-Apim-Subscription-Key", "Cookie",
            "Set-Cookie"}) {
            assertThatThrownBy(() -> options.setAdditionalLoggedHeaders(Set.of(HttpHeaderName.fromString(credential))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("additionalLoggedHeaders")
                .hasMessageContaining(credential.toLowerCase());
        }
    }
}
