// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.gate.ThrottleRequest;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests, feedback and Redis statistics for the gate's tests. */
final class GateFixtures {
    static final String QUOTA_KEY = "https://example.openai.azure.com:443/openai/deployments/embed";
    static final String REDIS_KEY = RedisThrottleGateOptions.DEFAULT_KEY_PREFIX + QUOTA_KEY;

    private GateFixtures() {
    }

    /**
     * Options for tests about coordination, not about timeouts: a command timeout long enough that a loaded machine
     * does not turn coordination off in the middle of a test.
     */
    static RedisThrottleGateOptions patientOptions() {
        return new RedisThrottleGateOptions().setCommandTimeout(Duration.ofSeconds(2));
    }

    /** An attempt of cost 1 to the test key that may wait at most {@code patience}. */
    static ThrottleRequest request(Duration patience) {
        return request(1, patience);
    }

    /** An attempt of {@code cost} estimated tokens to the test key that may wait at most {@code patience}. */
    static ThrottleRequest request(long cost, Duration patience) {
        Instant now = Instant.now();
        return new ThrottleRequest(QUOTA_KEY, cost, now, now.plus(patience));
    }

    /** The admission of an async acquire, which must come within {@code within}. */
    static ThrottleAdmission admitted(ThrottleGate gate, ThrottleRequest request, Duration within) {
        CompletableFuture<ThrottleAdmission> future = gate.acquire(request);
        assertThat(future).succeedsWithin(within);
        return future.join();
    }

    /** An async acquire that must time out in the gate within {@code within}. */
    static void timesOut(ThrottleGate gate, ThrottleRequest request, Duration within) {
        assertThat(gate.acquire(request)).failsWithin(within)
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(ThrottleGateTimeoutException.class);
    }

    static ThrottleFeedback throttled(Duration retryAfter) {
        return ThrottleFeedback.response(429, retryAfter, null, null, null, null);
    }

    static ThrottleFeedback remaining(long requests, Duration reset) {
        return ThrottleFeedback.response(200, null, requests, null, reset, null);
    }

    static ThrottleFeedback ok() {
        return ThrottleFeedback.response(200, null, null, null, null, null);
    }

    /** How often Redis ran a command, from {@code INFO commandstats}. */
    static long calls(RedisCommands<String, String> admin, String command) {
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                String rest = line.substring(("cmdstat_" + command + ":calls=").length());
                return Long.parseLong(rest.substring(0, rest.indexOf(',')));
            }
        }
        return 0;
    }
}
