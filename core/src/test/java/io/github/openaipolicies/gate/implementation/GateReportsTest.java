// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import ch.qos.logback.classic.Level;
import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.gate.RecordingGate;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.ThrottleHoldReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** What the slf4j adapters tell the gate after an attempt: the feedback of a response, and a report that never fails. */
class GateReportsTest {
    private static final Clock WALL = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private static final ThrottleAdmission ADMISSION = new ThrottleAdmission("key-1", 1, Duration.ZERO,
        ThrottleHoldReason.NONE);

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void aResponsesFeedbackCarriesItsStatusAndDelay() {
        ThrottleFeedback feedback = GateReports.feedback(429,
            name -> "retry-after-ms".equals(name) ? "1500" : null, WALL);

        assertThat(feedback.status()).isEqualTo(429);
        assertThat(feedback.retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(feedback.error()).isNull();
    }

    @Test
    void headersThatCannotBeReadBecomeAnErrorFeedback() {
        IllegalStateException unreadable = new IllegalStateException("unreadable");
        HeaderLookup failing = name -> {
            throw unreadable;
        };

        assertThat(GateReports.feedback(429, failing, WALL).error()).isSameAs(unreadable);
    }

    @Test
    void theOutcomeIsReportedOnceAndNothingWithoutAnAdmission() {
        RecordingGate gate = new RecordingGate();

        GateReports.report(gate, null, ThrottleFeedback.abandoned(), LoggerFactory.getLogger(GateReportsTest.class));
        GateReports.report(gate, ADMISSION, ThrottleFeedback.abandoned(),
            LoggerFactory.getLogger(GateReportsTest.class));

        assertThat(gate.feedback()).containsExactly(ThrottleFeedback.abandoned());
        assertThat(gate.reportsOf(ADMISSION)).isEqualTo(1);
    }

    @Test
    void aGateThatFailsToTakeTheReportCostsAWarningOnTheAdaptersLoggerNeverTheCall() {
        RecordingGate gate = new RecordingGate();
        gate.onReport(() -> {
            throw new IllegalStateException("store down");
        });

        GateReports.report(gate, ADMISSION, ThrottleFeedback.abandoned(),
            LoggerFactory.getLogger(GateReportsTest.class));

        assertThat(logs.messages(GateReportsTest.class, Level.WARN)).containsExactly(
            "The throttle gate failed to take an attempt's outcome for quota key 'key-1' "
                + "(java.lang.IllegalStateException); the call goes on without it.");
    }
}
