// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.gate.RequestView;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

import java.io.IOException;
import java.util.List;

/**
 * OkHttp's {@link Request} as the gate's {@link RequestView}. A body is offered only when it can be written again
 * (not one-shot, not duplex) and its length is known and small: the JSON bodies of OpenAI clients are bytes in
 * memory, so writing one into a buffer costs no I/O.
 */
public final class OkHttpRequestView implements RequestView {
    private final Request request;

    /**
     * A view of the request.
     *
     * @param request the request
     */
    public OkHttpRequestView(Request request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public String url() {
        return request.url().toString();
    }

    @Override
    public String header(String name) {
        List<String> values = request.headers(name);
        return values.isEmpty() ? null : String.join(",", values);
    }

    @Override
    public byte[] bodyIfInMemory(int maxBytes) {
        RequestBody body = request.body();
        if (body == null || body.isOneShot() || body.isDuplex()) {
            return null;
        }
        try {
            long length = body.contentLength();
            if (length < 0 || length > maxBytes) {
                return null;
            }
            Buffer buffer = new Buffer();
            body.writeTo(buffer);
            return buffer.readByteArray();
        } catch (IOException unreadable) {
            return null;
        }
    }
}
