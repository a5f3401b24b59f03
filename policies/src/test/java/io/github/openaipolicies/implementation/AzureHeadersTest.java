// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.core.implementation.HeaderLookup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AzureHeadersTest {
    @Test
    void readsAValueByCaseInsensitiveName() {
        HeaderLookup headers = AzureHeaders.of(new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "5"));

        assertThat(headers.value("retry-after")).isEqualTo("5");
        assertThat(headers.value("RETRY-AFTER")).isEqualTo("5");
        assertThat(headers.values("Retry-After")).containsExactly("5");
    }

    @Test
    void joinsSeveralLinesForTheValueAndKeepsThemApartForTheValues() {
        HttpHeaders azure = new HttpHeaders().add(HttpHeaderName.fromString("api-key"), "a")
            .add(HttpHeaderName.fromString("Api-Key"), "b");
        HeaderLookup headers = AzureHeaders.of(azure);

        assertThat(headers.value("api-key")).isEqualTo("a,b");
        assertThat(headers.values("api-key")).containsExactly("a", "b");
    }

    @Test
    void anAbsentHeaderIsNullOrEmpty() {
        HeaderLookup headers = AzureHeaders.of(new HttpHeaders());

        assertThat(headers.value("x-should-retry")).isNull();
        assertThat(headers.values("x-should-retry")).isEmpty();
    }

    @Test
    void isALiveView() {
        HttpHeaders azure = new HttpHeaders();
        HeaderLookup headers = AzureHeaders.of(azure);
        azure.set(HttpHeaderName.fromString("retry-after-ms"), "250");

        assertThat(headers.value("retry-after-ms")).isEqualTo("250");
    }
}
