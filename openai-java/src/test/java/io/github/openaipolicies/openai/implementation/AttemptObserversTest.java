// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import io.github.openaipolicies.retry.implementation.RetryDecision;
import io.github.openaipolicies.retry.implementation.RetryReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.openaipolicies.openai.implementation.PolicyHttpClientTest.request;
import static org.assertj.core.api.Assertions.assertThat;

class AttemptObserversTest {
    /** Writes every call it sees, prefixed with its name. */
    private static AttemptObserver recording(String name, List<String> seen) {
        return new AttemptObserver() {
            @Override
            public Attempt start(HttpRequest request, int attempt) {
                seen.add(name + " start " + attempt);
                return new Attempt() {
                    @Override
                    public void waiting(int delta) {
                        seen.add(name + " waiting " + delta);
                    }

                    @Override
                    public void gateFailed(Throwable error) {
                        seen.add(name + " gateFailed " + error.getMessage());
                    }

                    @Override
                    public void admitted(ThrottleAdmission admission) {
                        seen.add(name + " admitted");
                    }

                    @Override
                    public void responded(HttpResponse response, RetryDecision decision) {
                        seen.add(name + " responded " + response.statusCode());
                    }

                    @Override
                    public void failed(Throwable error, RetryDecision decision) {
                        seen.add(name + " failed " + error.getMessage());
                    }
                };
            }

            @Override
            public void credential(HttpRequest request, int attempt, String header, boolean refused) {
                seen.add(name + " credential " + header + " " + refused);
            }
        };
    }

    @Test
    void bothObserversSeeEverythingTheFirstFirst() {
        List<String> seen = new ArrayList<>();
        AttemptObserver both = AttemptObservers.both(recording("a", seen), recording("b", seen));
        RetryDecision stop = RetryDecision.stop(RetryReason.NOT_RETRYABLE_STATUS);

        both.credential(request(), 1, "api-key", false);
        AttemptObserver.Attempt attempt = both.start(request(), 2);
        attempt.waiting(1);
        attempt.gateFailed(new IllegalStateException("g"));
        attempt.admitted(new ThrottleAdmission("k", 1, Duration.ZERO, ThrottleHoldReason.NONE));
        attempt.responded(CannedResponse.of(200), stop);
        attempt.failed(new IllegalStateException("f"), stop);

        assertThat(seen).containsExactly("a credential api-key false", "b credential api-key false",
            "a start 2", "b start 2", "a waiting 1", "b waiting 1", "a gateFailed g", "b gateFailed g",
            "a admitted", "b admitted", "a responded 200", "b responded 200", "a failed f", "b failed f");
    }

    @Test
    void aNoneObserverOrAttemptIsLeftOut() {
        List<String> seen = new ArrayList<>();
        AttemptObserver one = recording("a", seen);

        assertThat(AttemptObservers.both(AttemptObserver.NONE, one)).isSameAs(one);
        assertThat(AttemptObservers.both(one, AttemptObserver.NONE)).isSameAs(one);
        AttemptObserver silent = (request, attempt) -> AttemptObserver.Attempt.NONE;
        AttemptObserver.Attempt onlyTheRecording = one.start(request(), 1);
        assertThat(AttemptObservers.both(silent, one).start(request(), 1)).isInstanceOf(onlyTheRecording.getClass());
        assertThat(AttemptObservers.both(one, silent).start(request(), 1)).isInstanceOf(onlyTheRecording.getClass());
        assertThat(AttemptObservers.both(silent, silent).start(request(), 1)).isSameAs(AttemptObserver.Attempt.NONE);
    }
}
