// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingConfigTest {
    @Test
    void credentialAndSecretHeadersAreTheBuiltInOnesThenTheRedactedOnesInLowerCase() {
        LoggingConfig config = LoggingConfig.of(LogLevel.VERBOSE, LogLevel.ERROR, true, 10, Set.of("api-version"),
            List.of(), List.of("X-Secret", "API-KEY", "x-secret"));

        assertThat(config.credentialHeaders())
            .containsExactly("authorization", "api-key", "ocp-apim-subscription-key", "x-secret");
        assertThat(config.secretHeaders()).containsExactly("authorization", "api-key", "ocp-apim-subscription-key",
            "proxy-authorization", "cookie", "set-cookie", "x-secret");
        assertThat(config.successLevel()).isEqualTo(LogLevel.VERBOSE);
        assertThat(config.failureLevel()).isEqualTo(LogLevel.ERROR);
        assertThat(config.logBodies()).isTrue();
        assertThat(config.maxBodyLogSize()).isEqualTo(10);
        assertThat(config.allowedQueryParams()).containsExactly("api-version");
        assertThat(config.requestHeaders()).containsExactly("x-ms-client-request-id");
        assertThat(config.responseHeaders()).containsExactly("apim-request-id", "x-request-id", "x-ms-region",
            "retry-after", "retry-after-ms", "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens");
    }

    @Test
    void additionalLoggedHeadersLeaveOutSecretsCredentialsAndTheBuiltInOnes() {
        LoggingConfig config = LoggingConfig.of(LogLevel.INFORMATIONAL, LogLevel.WARNING, false, 10, Set.of(),
            List.of("X-Limit", "Cookie", "X-Secret", "Retry-After", "X-Ms-Client-Request-Id", "x-limit", "X-Other"),
            List.of("x-secret"));

        assertThat(config.additionalHeaders()).containsExactly("x-limit", "x-other");
    }

    @Test
    void theBodyReadLimitIsTheLargerOf16KiBAndTheLoggedSize() {
        assertThat(bodyReadLimit(10)).isEqualTo(16 * 1024);
        assertThat(bodyReadLimit(16 * 1024 + 1)).isEqualTo(16 * 1024 + 1);
    }

    private static long bodyReadLimit(int maxBodyLogSize) {
        return LoggingConfig.of(LogLevel.INFORMATIONAL, LogLevel.WARNING, true, maxBodyLogSize, Set.of(), List.of(),
            List.of()).bodyReadLimit();
    }
}
