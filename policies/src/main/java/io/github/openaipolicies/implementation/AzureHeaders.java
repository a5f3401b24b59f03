// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.core.implementation.HeaderLookup;

import java.util.List;

/** The core's {@link HeaderLookup} over azure-core's {@link HttpHeaders}: a live view, nothing copied. */
public final class AzureHeaders {
    private AzureHeaders() {
    }

    /**
     * Views azure-core headers as the core reads them.
     *
     * @param headers the headers
     * @return a view whose {@code value} joins several values with {@code ","} and whose {@code values} gives one
     *     entry per header line
     */
    public static HeaderLookup of(HttpHeaders headers) {
        return new HeaderLookup() {
            @Override
            public String value(String name) {
                return headers.getValue(HttpHeaderName.fromString(name));
            }

            @Override
            public List<String> values(String name) {
                HttpHeader header = headers.get(HttpHeaderName.fromString(name));
                return header == null ? List.of() : header.getValuesList();
            }
        };
    }
}
