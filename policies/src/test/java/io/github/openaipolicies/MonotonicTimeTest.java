// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import io.github.openaipolicies.core.implementation.MonotonicClock;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateOptions;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.github.openaipolicies.gate.implementation.GateEnvironment;
import io.github.openaipolicies.gate.implementation.InMemoryThrottleGate;
import io.github.openaipolicies.implementation.ReactorRetryEnvironment;
import io.github.openaipolicies.implementation.gate.AzureRequestView;
import io.github.openaipolicies.implementation.metrics.PipelineMeters;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.github.openaipolicies.ScriptedHttpClient.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds, validities and deadlines run on a monotonic time line, so a wall clock that steps (NTP, a resumed VM) moves
 * none of them; only an HTTP-date {@code Retry-After} is read against the wall clock.
 */
class MonotonicTimeTest {
    private static final String URL = "https://res.openai.azure.com/openai/deployments/emb/embeddings?api-version=1";
    private static final Instant WALL_START = Instant.parse("2026-01-01T12:00:00Z");

    private final VirtualTimeHarness harness = new VirtualTimeHarness();
    private final SteppableClock wall = new SteppableClock(WALL_START);
    private final MonotonicClock monotonic =
        new MonotonicClock(() -> harness.scheduler.now(TimeUnit.NANOSECONDS), wall);

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void theMonotonicClockStartsAtTheWallClockAndIgnoresItsStepsAfterwards() {
        assertThat(monotonic.instant()).isEqualTo(WALL_START);

        wall.step(Duration.ofHours(-1));
        harness.scheduler.advanceTimeBy(Duration.ofMillis(1_500));
        wall.step(Duration.ofHours(3));

        assertThat(monotonic.instant()).isEqualTo(WALL_START.plusMillis(1_500));
        assertThat(monotonic.millis()).isEqualTo(WALL_START.toEpochMilli() + 1_500);
    }

    @Test
    void theSystemEnvironmentsKeepTimeOnTheJvmMonotonicClockAndReadHttpDatesOnTheWallClock() {
        assertThat(GateEnvironment.system().clock()).isSameAs(MonotonicClock.system());
        assertThat(ReactorRetryEnvironment.system().retry().clock()).isSameAs(MonotonicClock.system());
        assertThat(ReactorRetryEnvironment.system().retry().wallClock()).isEqualTo(Clock.systemUTC());
        Instant first = MonotonicClock.system().instant();
        assertThat(MonotonicClock.system().instant()).isAfterOrEqualTo(first);
    }

    @Test
    void aOneSecondHoldEndsAfterOneSecondWhenTheWallClockStepsBackAnHour() {
        InMemoryThrottleGate gate = new InMemoryThrottleGate(new ThrottleGateOptions(),
            new GateEnvironment(monotonic, ReactorGateTimer.of(harness.scheduler), done -> harness.scheduler.advanceTimeBy(
                Duration.ofMillis(1))));
        ThrottleRequest first = request(gate, monotonic.instant());
        gate.report(gate.acquire(first).join(),
            ThrottleFeedback.response(429, Duration.ofSeconds(1), null, null, null, null));

        wall.step(Duration.ofHours(-1));
        CompletableFuture<ThrottleAdmission> next = gate.acquire(request(gate, monotonic.instant()));
        harness.scheduler.advanceTimeBy(Duration.ofMillis(999));
        assertThat(next).as("still held before the second is over").isNotDone();
        harness.scheduler.advanceTimeBy(Duration.ofMillis(1));

        assertThat(next).as("admitted one second after the 429, whatever the wall clock did").isDone();
        assertThat(next.join().getHeld()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theGatePolicyReadsAnHttpDateRetryAfterAgainstTheWallClock() {
        wall.step(Duration.ofHours(-1));
        RecordingThrottleGate gate = new RecordingThrottleGate(Duration.ZERO, ThrottleHoldReason.NONE);
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            wall.instant().plusSeconds(2).atOffset(ZoneOffset.UTC));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(429, headers("Retry-After", inTwoSeconds));
        HttpPipeline pipeline = harness.pipeline(harness.policy(new RetryAfterOptions().setMaxRetries(0)), client,
            new ThrottleGatePolicy(gate, monotonic, wall, PipelineMeters.of(null)));

        harness.send(VirtualTimeHarness.Path.SYNC, pipeline, new HttpRequest(HttpMethod.POST, URL), 0).close();

        assertThat(gate.reported()).singleElement()
            .satisfies(feedback -> assertThat(feedback.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void theRetryPolicyWaitsForAnHttpDateByTheWallClockAndBudgetsByTheMonotonicOne() {
        wall.step(Duration.ofHours(-1));
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            wall.instant().plusSeconds(3).atOffset(ZoneOffset.UTC));
        ScriptedHttpClient client = new ScriptedHttpClient().respond(429, headers("Retry-After", inThreeSeconds))
            .respond(200);
        ReactorRetryEnvironment environment = new ReactorRetryEnvironment(monotonic, wall, harness.scheduler,
            delay -> harness.scheduler.advanceTimeBy(delay), () -> 0.0);
        HttpPipeline pipeline = harness.pipeline(new RetryAfterPolicy(new RetryAfterOptions(), environment), client);

        harness.send(VirtualTimeHarness.Path.ASYNC, pipeline, new HttpRequest(HttpMethod.POST, URL)).close();

        assertThat(harness.delaysBetweenAttempts()).containsExactly(3_000L);
    }

    private static ThrottleRequest request(ThrottleGate gate, Instant callStart) {
        return new ThrottleRequest(gate.quotaKey(new AzureRequestView(new HttpRequest(HttpMethod.POST, URL))), 1, callStart,
            callStart.plus(Duration.ofMinutes(10)));
    }

    /** A wall clock a test steps by hand, as NTP or a resumed VM would. */
    private static final class SteppableClock extends Clock {
        private volatile Instant now;

        SteppableClock(Instant start) {
            this.now = start;
        }

        void step(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
