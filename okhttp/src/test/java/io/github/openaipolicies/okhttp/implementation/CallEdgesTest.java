// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.gate.RecordingGate;
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
import okio.ForwardingSource;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The paths a real server rarely takes: an unreadable error body, an Error, a failing gate, the errors' details. */
class CallEdgesTest {
    private final TestTime time = new TestTime();
    private final RecordingGate gate = new RecordingGate();
    private final CallSettings settings = new CallSettings(RetryDecider.of(new RetryAfterOptions(), () -> 0.0), gate,
        AttemptObserver.NONE, PipelineInstruments.of(CallHarness.none()), time, time, time);
    private final Request request = new Request.Builder().url("https://contoso.openai.azure.com/openai/v1/embeddings")
        .get().build();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static Response response(Request request, int code, ResponseBody body) {
        return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(code).message("m").body(body)
            .build();
    }

    @Test
    void aCancelledCallAsksNothingAndSendsNothing() {
        FakeChain chain = new FakeChain(request, next -> response(next, 200, ResponseBody.create("{}", null)));
        chain.call().cancel();

        assertThatThrownBy(() -> OkHttpCall.run(settings, chain)).isInstanceOf(IOException.class)
            .hasMessage("Canceled");

        assertThat(gate.asked()).isEmpty();
        assertThat(chain.proceeded()).isEmpty();
    }

    @Test
    void aThrottledAnswerWhoseBodyCannotBeReadIsClosedAndRetriedAsAnIoError() throws Exception {
        List<ResponseBodiesTest.TrackedBody> unreadable = new ArrayList<>();
        FakeChain chain = new FakeChain(request, next -> {
            if (unreadable.isEmpty()) {
                ResponseBodiesTest.TrackedBody body = new FailingBody();
                unreadable.add(body);
                return response(next, 429, body);
            }
            return response(next, 200, ResponseBody.create("{}", null));
        });

        Response result = OkHttpCall.run(settings, chain);

        assertThat(result.code()).isEqualTo(200);
        assertThat(chain.proceeded()).hasSize(2);
        assertThat(unreadable.get(0).closed).isTrue();
        assertThat(time.waits()).hasSize(1);
        assertThat(gate.feedback().get(0).status()).isEqualTo(429);
    }

    @Test
    void aThrottledAnswerWithoutABodyIsRetried() throws Exception {
        List<Integer> codes = new ArrayList<>(List.of(429, 200));
        FakeChain chain = new FakeChain(request, next -> new Response.Builder().request(next)
            .protocol(Protocol.HTTP_1_1).code(codes.remove(0)).message("m").build());

        assertThat(OkHttpCall.run(settings, chain).code()).isEqualTo(200);
        assertThat(chain.proceeded()).hasSize(2);
    }

    @Test
    void anErrorIsReportedAndGoesOnAsItIs() {
        AssertionError fatal = new AssertionError("fatal");
        FakeChain chain = new FakeChain(request, next -> {
            throw fatal;
        });

        assertThatThrownBy(() -> OkHttpCall.run(settings, chain)).isSameAs(fatal);

        assertThat(gate.given()).singleElement()
            .satisfies(admission -> assertThat(gate.reportsOf(admission)).isEqualTo(1));
        assertThat(gate.feedback().get(0).error()).isSameAs(fatal);
    }

    @Test
    void aGateThatFailsEndsTheCallWithAnIoErrorAndSendsNothing() {
        gate.hold();
        IllegalStateException broken = new IllegalStateException("gate broken");
        time.onWait(() -> gate.waiting().get(0).completeExceptionally(broken));
        FakeChain chain = new FakeChain(request, next -> response(next, 200, ResponseBody.create("{}", null)));

        assertThatThrownBy(() -> OkHttpCall.run(settings, chain)).isInstanceOf(IOException.class)
            .hasMessageContaining("throttle gate failed").hasCause(broken);

        assertThat(chain.proceeded()).isEmpty();
    }

    @Test
    void aGateThatFailsWithAnIoErrorEndsTheCallWithIt() {
        gate.hold();
        IOException broken = new IOException("store unreachable");
        time.onWait(() -> gate.waiting().get(0).completeExceptionally(broken));
        FakeChain chain = new FakeChain(request, next -> response(next, 200, ResponseBody.create("{}", null)));

        assertThatThrownBy(() -> OkHttpCall.run(settings, chain)).isSameAs(broken);
    }

    @Test
    void aCancellationWhileWaitingToRetryAnIoErrorCarriesBoth() {
        IOException reset = new IOException("reset");
        FakeChain failing = new FakeChain(request, next -> {
            throw sneaky(reset);
        });
        time.onWait(() -> failing.call().cancel());

        assertThatThrownBy(() -> OkHttpCall.run(settings, failing)).isInstanceOf(IOException.class)
            .hasMessage("Canceled").hasCauseInstanceOf(CancellationException.class)
            .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(reset));
        assertThat(failing.proceeded()).hasSize(1);
    }

    @Test
    void anInterruptWhileWaitingToRetryAnIoErrorCarriesBoth() {
        IOException reset = new IOException("reset");
        FakeChain failing = new FakeChain(request, next -> {
            throw sneaky(reset);
        });
        time.onWait(() -> Thread.currentThread().interrupt());

        assertThatThrownBy(() -> OkHttpCall.run(settings, failing)).isInstanceOf(InterruptedIOException.class)
            .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(reset));
    }

    @Test
    void aOneShotBodyIsNotSentAgainAfterAnIoError() {
        Request oneShot = request.newBuilder().post(new okhttp3.RequestBody() {
            @Override
            public MediaType contentType() {
                return null;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) {
            }
        }).build();
        IOException reset = new IOException("reset");
        FakeChain failing = new FakeChain(oneShot, next -> {
            throw sneaky(reset);
        });

        assertThatThrownBy(() -> OkHttpCall.run(settings, failing)).isSameAs(reset);
        assertThat(failing.proceeded()).hasSize(1);
        assertThat(gate.feedback()).singleElement().satisfies(feedback -> assertThat(feedback.error())
            .isSameAs(reset));
    }

    /** Throws a checked exception through the chain's function, as {@code proceed} may. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable error) throws E {
        throw (E) error;
    }

    /** A body whose reading fails (the connection dropped mid-body). */
    private static final class FailingBody extends ResponseBodiesTest.TrackedBody {
        FailingBody() {
            super("");
        }

        @Override
        public BufferedSource source() {
            return Okio.buffer(new ForwardingSource(new Buffer()) {
                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                    throw new IOException("connection reset mid-body");
                }
            });
        }
    }
}
