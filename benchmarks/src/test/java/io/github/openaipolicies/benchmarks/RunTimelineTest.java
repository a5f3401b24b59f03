package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RunTimelineTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void countsSuccessesAndThrottlesPerBucketByArrival() {
        List<JournalEntry> journal = List.of(
            entry(0, 200), entry(50, 429), entry(99, 200), entry(-5, 200),
            entry(100, 200),
            entry(250, 429), entry(250, 500), entry(260, 0),
            entry(399, 201));

        RunTimeline timeline = RunTimeline.of(journal, START, RunTimeline.BUCKET);

        assertThat(timeline.buckets()).isEqualTo(4);
        assertThat(successes(timeline)).containsExactly(3, 1, 0, 1);
        assertThat(throttled(timeline)).containsExactly(1, 0, 1, 0);
        assertThat(timeline.peak()).isEqualTo(3);
        assertThat(timeline.seconds(3)).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void aBucketBoundaryBelongsToTheLaterBucket() {
        RunTimeline timeline = RunTimeline.of(List.of(entry(999, 429), entry(1000, 200)), START,
            Duration.ofMillis(500));

        assertThat(throttled(timeline)).containsExactly(0, 1, 0);
        assertThat(successes(timeline)).containsExactly(0, 0, 1);
    }

    @Test
    void anEmptyJournalHasNoBucketsAndABucketMustBePositive() {
        assertThat(RunTimeline.of(List.of(), START, RunTimeline.BUCKET).buckets()).isZero();
        assertThatThrownBy(() -> RunTimeline.of(List.of(), START, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket");
    }

    static JournalEntry entry(long millis, int status) {
        return new JournalEntry("d", Operation.EMBEDDINGS, status, Map.of(), START.plusMillis(millis), "", "/");
    }

    static int[] successes(RunTimeline timeline) {
        int[] counts = new int[timeline.buckets()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = timeline.successes(i);
        }
        return counts;
    }

    static int[] throttled(RunTimeline timeline) {
        int[] counts = new int[timeline.buckets()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = timeline.throttled(i);
        }
        return counts;
    }
}
