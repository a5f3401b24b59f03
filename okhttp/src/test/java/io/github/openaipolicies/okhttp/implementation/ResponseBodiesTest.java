// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What becomes of the bodies: the final response's is OkHttp's own (a stream, never read here), and every discarded
 * response is closed before the next attempt.
 */
class ResponseBodiesTest {
    private final TestTime time = new TestTime();
    private final CallSettings settings = new CallSettings(RetryDecider.of(new RetryAfterOptions(), () -> 0.0), null,
        AttemptObserver.NONE, PipelineInstruments.of(CallHarness.none()), time, time, time);
    private final Request request = new Request.Builder().url("https://contoso.openai.azure.com/openai/v1/chat/completions")
        .get().build();

    private static Response response(Request request, int code, TrackedBody body, String... headers) {
        Response.Builder builder = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(code)
            .message("m").body(body);
        for (int i = 0; i < headers.length; i += 2) {
            builder.addHeader(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    @Test
    void theFinalBodyIsTheStreamTheChainGaveUnread() throws Exception {
        TrackedBody stream = new TrackedBody("data: {\"delta\":\"a\"}\n\n");
        FakeChain chain = new FakeChain(request, next -> response(next, 200, stream));

        Response result = OkHttpCall.run(settings, chain);

        assertThat(result.body()).isSameAs(stream);
        assertThat(stream.closed).isFalse();
        assertThat(stream.source().exhausted()).isFalse();
        assertThat(result.header("x-should-retry")).isEqualTo("false");
    }

    @Test
    void everyDiscardedResponseIsClosedBeforeTheNextAttempt() throws Exception {
        List<TrackedBody> bodies = new ArrayList<>();
        FakeChain chain = new FakeChain(request, next -> {
            assertThat(bodies).allSatisfy(body -> assertThat(body.closed).isTrue());
            TrackedBody body = new TrackedBody("{}");
            bodies.add(body);
            return bodies.size() < 3 ? response(next, 503, body, "retry-after-ms", "10") : response(next, 200, body);
        });

        OkHttpCall.run(settings, chain).close();

        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(2).closed).isTrue();
        assertThat(chain.proceeded()).hasSize(3);
    }

    /** A body that says whether it was closed. */
    static class TrackedBody extends ResponseBody {
        private final Buffer buffer = new Buffer();
        volatile boolean closed;

        TrackedBody(String text) {
            buffer.writeUtf8(text);
        }

        @Override
        public MediaType contentType() {
            return null;
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public BufferedSource source() {
            return buffer;
        }

        @Override
        public void close() {
            closed = true;
            super.close();
        }
    }
}
