// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real waits end when the call is cancelled or the thread interrupted. No test depends on how long anything
 * takes: a wait that did not end would make its test hang, and a wait ended by cancellation is told apart by its
 * outcome.
 */
class PollingWaitsTest {
    private final Waits waits = new PollingWaits(Duration.ofMillis(1));
    private final Call call = new OkHttpClient().newCall(new Request.Builder().url("https://example.com/").build());

    @Test
    void aDoneFutureGivesItsValue() throws Exception {
        assertThat(waits.await(CompletableFuture.completedFuture("admitted"), call)).isEqualTo("admitted");
    }

    @Test
    void aFailedFutureGivesItsError() {
        assertThatThrownBy(() -> waits.await(CompletableFuture.failedFuture(new IllegalStateException("x")), call))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCancelledCallDoesNotWaitForTheFuture() {
        call.cancel();

        assertThatThrownBy(() -> waits.await(new CompletableFuture<>(), call))
            .isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> waits.sleep(Duration.ofDays(1), call)).isInstanceOf(CancellationException.class);
    }

    @Test
    void aCancellationFromAnotherThreadEndsTheWaits() throws Exception {
        CompletableFuture<Object> never = new CompletableFuture<>();
        Thread canceller = new Thread(call::cancel);
        canceller.start();

        assertThatThrownBy(() -> waits.await(never, call)).isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> waits.sleep(Duration.ofDays(1), call)).isInstanceOf(CancellationException.class);
        canceller.join();
    }

    @Test
    void aShortSleepEnds() throws Exception {
        waits.sleep(Duration.ofNanos(1), call);
        waits.sleep(Duration.ofMillis(3), call);

        assertThat(call.isCanceled()).isFalse();
    }

    @Test
    void anInterruptedThreadDoesNotGoOnEvenWithoutAWait() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> waits.sleep(Duration.ZERO, call)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void anInterruptEndsTheWaits() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> waits.sleep(Duration.ofDays(1), call)).isInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> waits.await(new CompletableFuture<>(), call))
            .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }
}
