// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import okhttp3.Headers;

import java.util.List;

/** OkHttp's {@link Headers} (case-insensitive already) as the core's {@link HeaderLookup}. */
public final class OkHttpHeaders implements HeaderLookup {
    private final Headers headers;

    private OkHttpHeaders(Headers headers) {
        this.headers = headers;
    }

    /**
     * A view of the headers.
     *
     * @param headers the headers
     * @return the view
     */
    public static HeaderLookup of(Headers headers) {
        return new OkHttpHeaders(headers);
    }

    @Override
    public String value(String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? null : String.join(",", values);
    }

    @Override
    public List<String> values(String name) {
        return headers.values(name);
    }
}
