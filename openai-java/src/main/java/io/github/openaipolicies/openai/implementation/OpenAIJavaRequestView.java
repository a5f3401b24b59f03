// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import io.github.openaipolicies.gate.RequestView;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * openai-java's {@link HttpRequest} as the gate's {@link RequestView}. A body is offered only when openai-java says
 * it is repeatable and its length is known (its JSON bodies are bytes in memory): writing it then costs no I/O.
 */
public final class OpenAIJavaRequestView implements RequestView {
    private final HttpRequest request;

    /**
     * A view of the request.
     *
     * @param request the request
     */
    public OpenAIJavaRequestView(HttpRequest request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String url() {
        return request.url();
    }

    @Override
    public String header(String name) {
        List<String> values = request.headers().values(name);
        return values.isEmpty() ? null : String.join(",", values);
    }

    @Override
    public byte[] bodyIfInMemory(int maxBytes) {
        HttpRequestBody body = request.body();
        if (body == null || !body.repeatable()) {
            return null;
        }
        long length = body.contentLength();
        if (length < 0 || length > maxBytes) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) length);
        body.writeTo(bytes);
        return bytes.toByteArray();
    }
}
