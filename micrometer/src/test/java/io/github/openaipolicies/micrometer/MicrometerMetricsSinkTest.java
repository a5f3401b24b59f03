// Licensed under the MIT License.
package io.github.openaipolicies.micrometer;

import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.implementation.CallStop;
import io.github.openaipolicies.metrics.implementation.KeyMetrics;
import io.github.openaipolicies.metrics.implementation.MetricNames;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class MicrometerMetricsSinkTest {
    private static final String HOST = "res.openai.azure.com";
    private static final Tags KEY = Tags.of(MetricNames.SERVER_ADDRESS, HOST, MetricNames.DEPLOYMENT, "emb");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetricsSink sink = new MicrometerMetricsSink(registry);

    @Test
    void everyInstrumentOfTheLibraryIsRegisteredWithItsDescriptionUnitAndAttributes() {
        KeyMetrics metrics = PipelineInstruments.of(sink).forKey("k", null,
            ignored -> MetricNames.keyAttributes(HOST, "emb", null, null));

        metrics.attempt(429, false);
        metrics.attempt(200, true);
        metrics.attempt(200, true);
        metrics.attemptFailed(true);
        metrics.retry("RETRYABLE_STATUS", Duration.ofMillis(1500));
        metrics.retry("IO_ERROR", null);
        metrics.stopped(CallStop.RETRIES_EXHAUSTED);
        metrics.held(Duration.ofMillis(250), "REQUESTS_AT_ZERO");
        metrics.held(Duration.ZERO, "NONE");
        metrics.waiting(1);
        metrics.waiting(1);
        metrics.waiting(-1);
        metrics.credential("api-key", false);
        metrics.credential("authorization", true);
        sink.registerLongGauge(MetricNames.GATE_LEASES_RECLAIMED, MetricNames.GATE_LEASES_RECLAIMED_DESCRIPTION,
            MetricNames.UNIT_ADMISSION, Map.of(), () -> 7L);

        assertThat(counter(MetricNames.ATTEMPTS, KEY.and(MetricNames.STATUS_CLASS, "4xx", MetricNames.RETRY, "false"))
            .count()).isEqualTo(1.0);
        assertThat(counter(MetricNames.ATTEMPTS, KEY.and(MetricNames.STATUS_CLASS, "2xx", MetricNames.RETRY, "true"))
            .count()).isEqualTo(2.0);
        assertThat(counter(MetricNames.ATTEMPTS, KEY.and(MetricNames.STATUS_CLASS, "error", MetricNames.RETRY, "true"))
            .count()).isEqualTo(1.0);
        assertThat(counter(MetricNames.RETRIES, KEY.and(MetricNames.REASON, "retryable_status")).count())
            .isEqualTo(1.0);
        assertThat(counter(MetricNames.RETRIES, KEY.and(MetricNames.REASON, "io_error")).count()).isEqualTo(1.0);
        DistributionSummary serverDelay = summary(MetricNames.SERVER_DELAY, KEY);
        assertThat(serverDelay.count()).isEqualTo(1);
        assertThat(serverDelay.totalAmount()).isEqualTo(1.5);
        assertThat(counter(MetricNames.CALLS_STOPPED, KEY.and(MetricNames.REASON, "retries_exhausted")).count())
            .isEqualTo(1.0);
        DistributionSummary held = summary(MetricNames.GATE_HOLD, KEY.and(MetricNames.REASON, "requests_at_zero"));
        assertThat(held.count()).isEqualTo(1);
        assertThat(held.totalAmount()).isEqualTo(0.25);
        assertThat(summary(MetricNames.GATE_HOLD, KEY.and(MetricNames.REASON, "none")).count()).isEqualTo(1);
        assertThat(gauge(MetricNames.GATE_WAITING, KEY).value()).isEqualTo(1.0);
        assertThat(counter(MetricNames.CREDENTIALS_DEDUPLICATED, KEY.and(MetricNames.HEADER, "api-key")).count())
            .isEqualTo(1.0);
        assertThat(counter(MetricNames.CREDENTIALS_REFUSED, KEY.and(MetricNames.HEADER, "authorization")).count())
            .isEqualTo(1.0);
        assertThat(gauge(MetricNames.GATE_LEASES_RECLAIMED, Tags.empty()).value()).isEqualTo(7.0);

        assertThat(registry.getMeters().stream().map(meter -> meter.getId().getName()).collect(Collectors.toSet()))
            .containsExactlyInAnyOrderElementsOf(instrumentNames());
        assertDescribed(MetricNames.ATTEMPTS, MetricNames.ATTEMPTS_DESCRIPTION, null);
        assertDescribed(MetricNames.RETRIES, MetricNames.RETRIES_DESCRIPTION, null);
        assertDescribed(MetricNames.SERVER_DELAY, MetricNames.SERVER_DELAY_DESCRIPTION, "s");
        assertDescribed(MetricNames.CALLS_STOPPED, MetricNames.CALLS_STOPPED_DESCRIPTION, null);
        assertDescribed(MetricNames.GATE_HOLD, MetricNames.GATE_HOLD_DESCRIPTION, "s");
        assertDescribed(MetricNames.GATE_WAITING, MetricNames.GATE_WAITING_DESCRIPTION, null);
        assertDescribed(MetricNames.GATE_LEASES_RECLAIMED, MetricNames.GATE_LEASES_RECLAIMED_DESCRIPTION, null);
        assertDescribed(MetricNames.CREDENTIALS_DEDUPLICATED, MetricNames.CREDENTIALS_DEDUPLICATED_DESCRIPTION, null);
        assertDescribed(MetricNames.CREDENTIALS_REFUSED, MetricNames.CREDENTIALS_REFUSED_DESCRIPTION, null);
    }

    @Test
    void everyBindingOfOneUpDownCounterInOneRegistryAddsToOneGauge() {
        MicrometerMetricsSink other = new MicrometerMetricsSink(registry);
        Map<String, Object> attributes = Map.of(MetricNames.SERVER_ADDRESS, HOST);
        LongConsumer first = sink.createLongUpDownCounter("w", "d", "{attempt}").bind(attributes);
        LongConsumer second = other.createLongUpDownCounter("w", "d", "{attempt}").bind(attributes);
        LongConsumer elsewhere = new MicrometerMetricsSink(new SimpleMeterRegistry())
            .createLongUpDownCounter("w", "d", "{attempt}").bind(attributes);

        first.accept(1);
        second.accept(1);
        second.accept(1);
        first.accept(-1);
        elsewhere.accept(5);

        assertThat(gauge("w", Tags.of(MetricNames.SERVER_ADDRESS, HOST)).value()).isEqualTo(2.0);
    }

    @Test
    void aGaugeKeepsReadingASupplierNobodyElseHolds() {
        registerUnheldGauge();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }

        assertThat(gauge("g", Tags.empty()).value()).isEqualTo(42.0);
    }

    private void registerUnheldGauge() {
        long value = 42L;
        sink.registerLongGauge("g", "d", "{x}", Map.of(), () -> value);
    }

    @Test
    void attributeValuesBecomeTagsInTheirStringForm() {
        sink.createLongCounter("c", "d", "{x}").bind(Map.of("retry", Boolean.TRUE, "status_class", "5xx"))
            .accept(3);

        assertThat(counter("c", Tags.of("retry", "true", "status_class", "5xx")).count()).isEqualTo(3.0);
    }

    @Test
    void onlyARealUnitBecomesTheBaseUnit() {
        assertThat(MicrometerMetricsSink.baseUnit("s")).isEqualTo("s");
        assertThat(MicrometerMetricsSink.baseUnit("{attempt}")).isNull();
        assertThat(MicrometerMetricsSink.baseUnit(null)).isNull();
    }

    @Test
    void aNullRegistryIsRefusedNamingIt() {
        assertThatNullPointerException().isThrownBy(() -> new MicrometerMetricsSink(null))
            .withMessageContaining("'registry'");
    }

    @Test
    void itIsAPipelineMetricsSink() {
        assertThat(sink).isInstanceOf(PipelineMetricsSink.class);
    }

    private Counter counter(String name, Tags tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        assertThat(counter).as("%s %s", name, tags).isNotNull();
        return counter;
    }

    private DistributionSummary summary(String name, Tags tags) {
        DistributionSummary summary = registry.find(name).tags(tags).summary();
        assertThat(summary).as("%s %s", name, tags).isNotNull();
        return summary;
    }

    private Gauge gauge(String name, Tags tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        assertThat(gauge).as("%s %s", name, tags).isNotNull();
        return gauge;
    }

    private void assertDescribed(String name, String description, String baseUnit) {
        for (Meter meter : registry.find(name).meters()) {
            assertThat(meter.getId().getDescription()).as(name).isEqualTo(description);
            assertThat(meter.getId().getBaseUnit()).as(name).isEqualTo(baseUnit);
        }
    }

    /** Every instrument name {@link MetricNames} declares (its {@code openai.pipeline.*} constants). */
    static Set<String> instrumentNames() {
        return Arrays.stream(MetricNames.class.getFields())
            .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
            .map(MicrometerMetricsSinkTest::value)
            .filter(value -> value.startsWith("openai.pipeline."))
            .collect(Collectors.toSet());
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
