// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.util.BinaryData;
import com.azure.core.util.logging.LogLevel;
import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.core.implementation.LoggableBody;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The views the core reads azure-core's headers, levels and bodies through. */
class AzureAdaptersTest {
    @Test
    void headersAreReadLiveIgnoringCaseJoinedByCommaOrOnePerLine() {
        HttpHeaders headers = new HttpHeaders();
        HeaderLookup lookup = AzureHeaders.of(headers);
        assertThat(lookup.value("api-key")).isNull();
        assertThat(lookup.values("api-key")).isEmpty();

        headers.add(HttpHeaderName.fromString("Api-Key"), "k1").add(HttpHeaderName.fromString("api-key"), "k2, k2");

        assertThat(lookup.value("API-KEY")).isEqualTo("k1,k2, k2");
        assertThat(lookup.values("api-key")).containsExactly("k1", "k2, k2");
    }

    @Test
    void everyAzureLevelButNotSetHasTheCoreLevelOfTheSameName() {
        for (LogLevel level : new LogLevel[] {LogLevel.VERBOSE, LogLevel.INFORMATIONAL, LogLevel.WARNING,
            LogLevel.ERROR}) {
            io.github.openaipolicies.core.implementation.LogLevel core = AzureLogLevels.toCore(level);
            assertThat(core.name()).isEqualTo(level.name());
            assertThat(AzureLogLevels.toAzure(core)).isEqualTo(level);
        }
        assertThatThrownBy(() -> AzureLogLevels.toCore(LogLevel.NOT_SET))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOT_SET");
    }

    @Test
    void aBodyIsSeenWithItsLengthAndReplayabilityAndReadWhole() throws IOException {
        assertThat(AzureLoggableBody.of(null)).isNull();

        LoggableBody text = AzureLoggableBody.of(BinaryData.fromString("{\"a\":1}"));
        assertThat(text.length()).isEqualTo(7L);
        assertThat(text.isReplayable()).isTrue();
        assertThat(new String(text.read(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");

        LoggableBody stream = AzureLoggableBody.of(BinaryData.fromStream(new ByteArrayInputStream(new byte[3])));
        assertThat(stream.length()).isNull();
        assertThat(stream.isReplayable()).isFalse();
    }
}
