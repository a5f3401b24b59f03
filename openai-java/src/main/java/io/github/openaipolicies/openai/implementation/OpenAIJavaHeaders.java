// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.Headers;
import io.github.openaipolicies.core.implementation.HeaderLookup;

import java.util.List;

/** openai-java's {@link Headers} (case-insensitive already) as the core's {@link HeaderLookup}. */
public final class OpenAIJavaHeaders implements HeaderLookup {
    private final Headers headers;

    private OpenAIJavaHeaders(Headers headers) {
        this.headers = headers;
    }

    /**
     * A view of the headers.
     *
     * @param headers the headers
     * @return the view
     */
    public static HeaderLookup of(Headers headers) {
        return new OpenAIJavaHeaders(headers);
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
