// Licensed under the MIT License.
package io.github.openaipolicies.metrics.implementation;

import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.metrics.RecordingSink.Instrument;
import org.junit.jupiter.api.Test;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class PipelineInstrumentsTest {
    private final RecordingSink sink = new RecordingSink();
    private final PipelineInstruments instruments = PipelineInstruments.of(sink);
    private final AtomicInteger attributeReads = new AtomicInteger();
    /** Reads a host's deployment key, as an adapter reads a request. */
    private final Function<String, Map<String, Object>> deploymentOfHost = host -> {
        attributeReads.incrementAndGet();
        return MetricNames.keyAttributes(host, "d", null, null);
    };

    private KeyMetrics forHost(String host) {
        return instruments.forKey("https://" + host + ":443/openai/deployments/d", host, deploymentOfHost);
    }

    /** The attribute sets of every attempt recorded, without the attempt's own attributes. */
    private Set<Map<String, Object>> keyAttributeSets() {
        return sink.recordings().stream().map(recording -> {
            Map<String, Object> attributes = new HashMap<>(recording.attributes());
            attributes.remove(MetricNames.STATUS_CLASS);
            attributes.remove(MetricNames.RETRY);
            return Map.copyOf(attributes);
        }).collect(Collectors.toSet());
    }

    @Test
    void everyInstrumentIsCreatedOnceWithItsNameDescriptionAndUnit() {
        assertThat(sink.instruments()).containsExactlyInAnyOrder(
            new Instrument(MetricNames.ATTEMPTS, "Attempts sent, by status class and retry", "{attempt}", "counter"),
            new Instrument(MetricNames.RETRIES, "Retries started, by reason", "{retry}", "counter"),
            new Instrument(MetricNames.SERVER_DELAY, "Server-requested delays waited before a retry", "s",
                "histogram"),
            new Instrument(MetricNames.CALLS_STOPPED,
                "Calls stopped by a retry cap, the timeout, insufficient_quota or the gate's deadline", "{call}",
                "counter"),
            new Instrument(MetricNames.GATE_HOLD, "Time attempts were held in the throttle gate, by hold reason", "s",
                "histogram"),
            new Instrument(MetricNames.GATE_WAITING, "Attempts waiting in the throttle gate", "{attempt}",
                "up-down counter"),
            new Instrument(MetricNames.CREDENTIALS_DEDUPLICATED,
                "Attempts whose repeated identical credential values were collapsed to one", "{attempt}", "counter"),
            new Instrument(MetricNames.CREDENTIALS_REFUSED,
                "Attempts refused because a credential header carried different values", "{attempt}", "counter"));
        assertThat(instruments.enabled()).isTrue();
        assertThat(sink.bindings()).as("nothing is bound before it is recorded").isEmpty();
    }

    @Test
    void theNoneSinkIsDisabledAndCreatesNothing() {
        PipelineMetricsSink none = PipelineMetricsSink.NONE;

        assertThat(PipelineInstruments.of(none).enabled()).isFalse();
        assertThat(PipelineInstruments.of(none)).isSameAs(PipelineInstruments.of(none));
    }

    @Test
    void aNullSinkIsRejectedNamingIt() {
        assertThatNullPointerException().isThrownBy(() -> PipelineInstruments.of(null)).withMessageContaining("sink");
    }

    @Test
    void aKeysAttributesAreReadOnlyWhenTheKeyIsNew() {
        KeyMetrics first = forHost("r0.openai.azure.com");
        KeyMetrics again = forHost("r0.openai.azure.com");

        assertThat(again).isSameAs(first);
        assertThat(attributeReads).hasValue(1);
        for (int i = 1; i <= PipelineInstruments.MAX_KEYS; i++) {
            forHost("r" + i + ".openai.azure.com");
        }
        assertThat(attributeReads).as("a key beyond the cap is folded without reading its attributes")
            .hasValue(PipelineInstruments.MAX_KEYS);
    }

    @Test
    void keysBeyondTheCapShareOneOverflowSetAndEarlierKeysKeepTheirOwn() {
        int keys = PipelineInstruments.MAX_KEYS + 50;
        for (int i = 0; i < keys; i++) {
            forHost("r" + i + ".openai.azure.com").attempt(200, false);
        }
        forHost("r0.openai.azure.com").attempt(200, false);

        Set<Map<String, Object>> sets = keyAttributeSets();
        assertThat(sets).hasSize(PipelineInstruments.MAX_KEYS + 1)
            .contains(Map.of(MetricNames.SERVER_ADDRESS, PipelineInstruments.OVERFLOW_HOST))
            .contains(Map.of(MetricNames.SERVER_ADDRESS, "r0.openai.azure.com", MetricNames.DEPLOYMENT, "d"));
        assertThat(sink.sum(MetricNames.ATTEMPTS,
            Map.of(MetricNames.SERVER_ADDRESS, PipelineInstruments.OVERFLOW_HOST))).isEqualTo(50);
        assertThat(sink.sum(MetricNames.ATTEMPTS, Map.of(MetricNames.SERVER_ADDRESS, "r0.openai.azure.com")))
            .as("a key with its own set keeps it after the cap is reached").isEqualTo(2);
        assertThat(forHost("r" + (keys - 1) + ".openai.azure.com"))
            .as("one overflow set, made once").isSameAs(forHost("late.example"));
    }

    /**
     * Racers that all saw room for one more key wait for the lock the test holds (observed as their thread state, no
     * time involved); when it is released, one of them gets the last own set and the others the overflow set.
     */
    @Test
    void keysRacingForTheLastOwnSetGetOneBetweenThem() throws Exception {
        for (int i = 0; i < PipelineInstruments.MAX_KEYS - 1; i++) {
            forHost("r" + i + ".openai.azure.com");
        }
        int racers = 4;
        KeyMetrics[] got = new KeyMetrics[racers];
        List<Thread> threads = new ArrayList<>();
        synchronized (instruments) {
            for (int r = 0; r < racers; r++) {
                int racer = r;
                Thread thread = new Thread(() -> got[racer] = forHost("racer" + racer + ".openai.azure.com"));
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                awaitBlockedOrDone(thread, instruments);
                assertThat(thread.getState()).as("the racer saw room and waits for the lock")
                    .isNotEqualTo(Thread.State.TERMINATED);
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        KeyMetrics overflow = forHost("late.example");

        assertThat(Arrays.stream(got).filter(metrics -> metrics == overflow)).hasSize(racers - 1);
    }

    @Test
    void aKeyBeyondTheCapIsFoldedWithoutTakingTheLock() throws Exception {
        for (int i = 0; i <= PipelineInstruments.MAX_KEYS; i++) {
            forHost("r" + i + ".openai.azure.com");
        }
        KeyMetrics[] got = new KeyMetrics[1];
        Thread thread;
        synchronized (instruments) {
            thread = new Thread(() -> got[0] = forHost("late.example"));
            thread.start();
            awaitBlockedOrDone(thread, instruments);
            assertThat(thread.getState()).isEqualTo(Thread.State.TERMINATED);
        }
        thread.join();
        assertThat(got[0]).isSameAs(forHost("later.example"));
    }

    /**
     * Spins until the thread has ended or waits for the lock of {@code monitor} (a block on another monitor, such as
     * a class being loaded, is passed over).
     */
    static void awaitBlockedOrDone(Thread thread, Object monitor) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        while (thread.getState() != Thread.State.TERMINATED) {
            ThreadInfo info = threads.getThreadInfo(thread.getId());
            LockInfo lock = info == null ? null : info.getLockInfo();
            if (info != null && info.getThreadState() == Thread.State.BLOCKED && lock != null
                && lock.getIdentityHashCode() == System.identityHashCode(monitor)
                && lock.getClassName().equals(monitor.getClass().getName())) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
