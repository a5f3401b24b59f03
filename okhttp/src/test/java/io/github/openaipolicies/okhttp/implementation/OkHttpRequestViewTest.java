// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What the gate reads of an OkHttp request: a body only when writing it again costs nothing and is allowed. */
class OkHttpRequestViewTest {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String URL = "https://contoso.openai.azure.com/openai/deployments/emb/embeddings?api-version=1";

    private static OkHttpRequestView view(RequestBody body) {
        return new OkHttpRequestView(new Request.Builder().url(URL).addHeader("x-a", "1").addHeader("x-a", "2")
            .post(body).build());
    }

    @Test
    void methodUrlAndHeaders() {
        OkHttpRequestView view = view(RequestBody.create("{}", JSON));

        assertThat(view.method()).isEqualTo("POST");
        assertThat(view.url()).isEqualTo(URL);
        assertThat(view.header("X-A")).isEqualTo("1,2");
        assertThat(view.header("x-missing")).isNull();
    }

    @Test
    void aBodyInMemoryIsOfferedUpToTheLimit() {
        byte[] json = "{\"input\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
        OkHttpRequestView view = view(RequestBody.create(json, JSON));

        assertThat(view.bodyIfInMemory(json.length)).isEqualTo(json);
        assertThat(view.bodyIfInMemory(json.length - 1)).isNull();
    }

    @Test
    void noBodyIsNone() {
        assertThat(new OkHttpRequestView(new Request.Builder().url(URL).get().build()).bodyIfInMemory(100)).isNull();
    }

    @Test
    void aOneShotADuplexAnUnknownLengthOrAFailingBodyIsNotRead() {
        assertThat(view(new Body(true, false, 2)).bodyIfInMemory(100)).isNull();
        assertThat(view(new Body(false, true, 2)).bodyIfInMemory(100)).isNull();
        assertThat(view(new Body(false, false, -1)).bodyIfInMemory(100)).isNull();
        assertThat(view(new Body(false, false, 2)).bodyIfInMemory(100)).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(view(new Body(false, false, 3)).bodyIfInMemory(100)).isNull();
    }

    /** A body of "{}" with the given traits; it fails when writing more than its length says. */
    private static final class Body extends RequestBody {
        private final boolean oneShot;
        private final boolean duplex;
        private final long length;

        Body(boolean oneShot, boolean duplex, long length) {
            this.oneShot = oneShot;
            this.duplex = duplex;
            this.length = length;
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public boolean isOneShot() {
            return oneShot;
        }

        @Override
        public boolean isDuplex() {
            return duplex;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            if (oneShot || duplex || length > 2) {
                throw new IOException("not readable here");
            }
            sink.writeUtf8("{}");
        }
    }
}
