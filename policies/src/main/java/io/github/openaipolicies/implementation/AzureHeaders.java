// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.core.implementation.HeaderLookup;

import java.util.List;

/** The core's {@link HeaderLookup} over azure-core's {@link HttpHeaders}. */
public final class AzureHeaders {
    private AzureHeaders() {
    }

    /**
     * A live view of azure-core headers: {@code value} is azure-core's, several values joined with {@code ","};
     * {@code values} has one entry per header line.
     *
     * @param headers the headers
     * @return the view
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
