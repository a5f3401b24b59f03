// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import okhttp3.Headers;

/** OkHttp's {@link Headers} (case-insensitive already) as the core's {@link HeaderLookup}. */
public final class OkHttpHeaders {
    private OkHttpHeaders() {
    }

    /**
     * A view of the headers.
     *
     * @param headers the headers
     * @return the view
     */
    public static HeaderLookup of(Headers headers) {
        return HeaderLookup.ofLines(headers::values);
    }
}
