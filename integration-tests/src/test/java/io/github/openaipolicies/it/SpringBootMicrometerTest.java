// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.spring.OpenAIPipelineAutoConfiguration;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAIClientBuilderCustomizer;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiEmbeddingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Boot 3 starter's metrics in the application's Micrometer registry: Spring AI's Azure OpenAI embedding model,
 * configured by properties, with a {@link SimpleMeterRegistry} bean, against the simulator. Every documented
 * instrument is recorded with its attributes, and the counts agree with the simulator's journal.
 */
class SpringBootMicrometerTest {
    private static final String DEPLOYMENT = "micrometer-embeddings";
    private static final Tags KEY = Tags.of("server.address", "localhost", "openai.deployment", DEPLOYMENT);

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(DEPLOYMENT, 1000, 0));

    @Test
    void everyDocumentedInstrumentIsRecordedInTheRegistryAndAgreesWithTheJournal() {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenAIPipelineAutoConfiguration.class,
                AzureOpenAiEmbeddingAutoConfiguration.class))
            .withPropertyValues(
                "spring.ai.azure.openai.endpoint=" + simulator.endpoint(),
                "spring.ai.azure.openai.api-key=" + AzureOpenAISimulator.DEFAULT_API_KEY,
                "spring.ai.azure.openai.embedding.options.deployment-name=" + DEPLOYMENT,
                "openai.pipeline.retry.max-retries=2",
                "openai.pipeline.retry.max-retry-after=1s",
                "openai.pipeline.gate.max-retry-after=60s")
            .withBean(MeterRegistry.class, () -> registry)
            .withBean(ThrottleGate.class, ThrottleGate::create)
            .withBean("simulatorTransport", AzureOpenAIClientBuilderCustomizer.class,
                () -> builder -> builder.httpClient(simulator.httpClient()).addPolicy(new RepeatedApiKey()))
            .run(context -> {
                assertThat(context).hasNotFailed();
                EmbeddingModel model = context.getBean(EmbeddingModel.class);

                // a 429 retried after its 50 ms
                simulator.injectFault(DEPLOYMENT, Fault.tooManyRequests(Duration.ofMillis(50)), 1);
                model.embed("one");
                // a 429 asking for 2 s, above max-retry-after: the call stops, and the gate holds the next one
                simulator.injectFault(DEPLOYMENT, Fault.tooManyRequests(Duration.ofSeconds(2)), 1);
                assertThatThrownBy(() -> model.embed("two"));
                model.embed("three");
                // three 429s: the retries (2) are exhausted
                simulator.injectFault(DEPLOYMENT, Fault.tooManyRequests(Duration.ofMillis(20)), 3);
                assertThatThrownBy(() -> model.embed("four"));
                // two different api-key values: refused, nothing sent
                assertThatThrownBy(() -> model.embed(RepeatedApiKey.REFUSED));

                List<JournalEntry> journal = simulator.journal().entries(DEPLOYMENT);
                long served = journal.stream().filter(entry -> entry.status() == 200).count();
                long throttled = journal.stream().filter(entry -> entry.status() == 429).count();
                System.out.printf("Micrometer through the Boot 3 starter: journal %s; meters %s%n",
                    simulator.journal().countsByStatus(), names(registry));
                assertThat(served).isEqualTo(2);
                assertThat(throttled).isEqualTo(5);

                assertThat(count(registry, "openai.pipeline.attempts", KEY.and("status_class", "2xx")))
                    .isEqualTo(served);
                assertThat(count(registry, "openai.pipeline.attempts", KEY.and("status_class", "4xx")))
                    .isEqualTo(throttled);
                assertThat(count(registry, "openai.pipeline.attempts", KEY.and("status_class", "error")))
                    .as("the refused attempt").isEqualTo(1);
                assertThat(count(registry, "openai.pipeline.attempts", KEY.and("retry", "true")))
                    .as("one, and two for the exhausted call").isEqualTo(3);
                assertThat(count(registry, "openai.pipeline.retries", KEY.and("reason", "retryable_status")))
                    .isEqualTo(3);
                assertThat(registry.get("openai.pipeline.server_delay").tags(KEY).summary().count()).isEqualTo(3);
                assertThat(count(registry, "openai.pipeline.calls.stopped", KEY.and("reason", "retry_after_above_max")))
                    .isEqualTo(1);
                assertThat(count(registry, "openai.pipeline.calls.stopped", KEY.and("reason", "retries_exhausted")))
                    .isEqualTo(1);
                assertThat(registry.get("openai.pipeline.gate.hold.duration").tags(KEY).summaries().stream()
                    .mapToLong(DistributionSummary::count).sum())
                    .as("every admitted attempt: those the journal saw and the refused one")
                    .isEqualTo(journal.size() + 1);
                assertThat(registry.get("openai.pipeline.gate.hold.duration").tags(KEY.and("reason", "after_429"))
                    .summary().totalAmount()).as("'three' waited for the 2 s the 429 asked").isGreaterThan(0.5);
                assertThat(registry.get("openai.pipeline.gate.waiting").tags(KEY).gauge().value()).isZero();
                assertThat(registry.get("openai.pipeline.gate.leases.reclaimed").gauge().value()).isZero();
                assertThat(count(registry, "openai.pipeline.credentials.deduplicated", KEY.and("header", "api-key")))
                    .as("every attempt sent carried the key twice").isEqualTo(journal.size());
                assertThat(count(registry, "openai.pipeline.credentials.refused", KEY.and("header", "api-key")))
                    .isEqualTo(1);
                assertThat(journal).allSatisfy(entry ->
                    assertThat(entry.authHeaderValueCounts()).containsEntry(JournalEntry.API_KEY, 1));
                assertThat(names(registry)).containsExactlyInAnyOrder("openai.pipeline.attempts",
                    "openai.pipeline.retries", "openai.pipeline.server_delay", "openai.pipeline.calls.stopped",
                    "openai.pipeline.gate.hold.duration", "openai.pipeline.gate.waiting",
                    "openai.pipeline.gate.leases.reclaimed", "openai.pipeline.credentials.deduplicated",
                    "openai.pipeline.credentials.refused");
            });
    }

    private static long count(MeterRegistry registry, String name, Tags tags) {
        return Math.round(registry.get(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum());
    }

    private static Set<String> names(MeterRegistry registry) {
        return registry.getMeters().stream().map(meter -> meter.getId().getName()).collect(Collectors.toSet());
    }

    /**
     * A per-retry policy that adds the api-key again, as a misconfigured application does: identical values, which
     * DedupeAuthPolicy collapses, or a different one for the text {@value #REFUSED}, which it refuses.
     */
    static final class RepeatedApiKey implements HttpPipelinePolicy {
        static final String REFUSED = "refuse-this-one";

        private static void add(HttpPipelineCallContext context) {
            BinaryData body = context.getHttpRequest().getBodyAsBinaryData();
            boolean refused = body != null && body.toString().contains(REFUSED);
            context.getHttpRequest().getHeaders().add(HttpHeaderName.fromString("api-key"),
                refused ? "another-key" : AzureOpenAISimulator.DEFAULT_API_KEY);
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            add(context);
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            add(context);
            return next.processSync();
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() {
            return HttpPipelinePosition.PER_RETRY;
        }
    }
}
