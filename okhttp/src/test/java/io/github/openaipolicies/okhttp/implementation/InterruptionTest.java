// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.gate.RecordingGate;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An interrupted thread ends its call's wait (in the gate or before a retry) with an
 * {@link InterruptedIOException}, the interrupt flag set again, and nothing more sent.
 */
class InterruptionTest {
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

    private static Response throttled(Request request) {
        return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(429).message("m")
            .header("retry-after-ms", "500").body(ResponseBody.create("{}", null)).build();
    }

    @Test
    void anInterruptBeforeARetryEndsTheCall() {
        FakeChain chain = new FakeChain(request, next -> {
            Thread.currentThread().interrupt();
            return throttled(next);
        });

        assertThatThrownBy(() -> OkHttpCall.run(settings, chain)).isInstanceOf(InterruptedIOException.class)
            .hasMessageContaining("before retry attempt 2").hasMessageContaining("abandoned");

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(chain.proceeded()).hasSize(1);
        assertThat(time.waits()).isEmpty();
    }

    @Test
    void anInterruptDuringTheWaitBeforeARetryEndsTheCall() {
        FakeChain chain = new FakeChain(request, InterruptionTest::throttled);
        time.onWait(() -> Thread.currentThread().interrupt());

        assertThatThrownBy(() -> OkHttpCall.run(settings, chain)).isInstanceOf(InterruptedIOException.class);

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(chain.proceeded()).hasSize(1);
    }

    @Test
    void anInterruptWhileWaitingInTheGateLeavesItsQueue() {
        gate.hold();
        time.onWait(() -> Thread.currentThread().interrupt());
        FakeChain chain = new FakeChain(request, InterruptionTest::throttled);

        assertThatThrownBy(() -> OkHttpCall.run(settings, chain)).isInstanceOf(InterruptedIOException.class)
            .hasMessageContaining("throttle gate");

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(gate.waiting()).singleElement().satisfies(future -> assertThat(future).isCancelled());
        assertThat(chain.proceeded()).isEmpty();
    }

    @Test
    void anAdmissionDecidedAsTheThreadIsInterruptedIsReportedAbandoned() {
        gate.hold();
        time.onWait(() -> {
            gate.release();
            Thread.currentThread().interrupt();
        });
        FakeChain chain = new FakeChain(request, InterruptionTest::throttled);

        assertThatThrownBy(() -> OkHttpCall.run(settings, chain)).isInstanceOf(InterruptedIOException.class);

        assertThat(gate.feedback()).containsExactly(ThrottleFeedback.abandoned());
        assertThat(chain.proceeded()).isEmpty();
    }
}
