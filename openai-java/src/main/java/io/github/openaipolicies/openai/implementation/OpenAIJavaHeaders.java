// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.Headers;
import io.github.openaipolicies.core.implementation.HeaderLookup;

/** openai-java's {@link Headers} (case-insensitive already) as the core's {@link HeaderLookup}. */
public final class OpenAIJavaHeaders {
    private OpenAIJavaHeaders() {
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
