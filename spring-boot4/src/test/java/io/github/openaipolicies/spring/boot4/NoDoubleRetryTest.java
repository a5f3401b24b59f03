// Licensed under the MIT License.
package io.github.openaipolicies.spring.boot4;

import io.github.openaipolicies.samples.spring.boot4.SpringAiEmbed;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.openai.autoconfigure.OpenAiEmbeddingAutoConfiguration;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring AI's OpenAI embedding model with the starter, against the simulator, openai-java's own retry left at Spring
 * AI's default ({@code spring.ai.openai.max-retries=3}): every attempt is counted in the simulator's journal, and a
 * call the interceptor gives up on is not retried again by openai-java (which would make each of our attempts four).
 * Delays are a few milliseconds; the assertions are on counts.
 */
class NoDoubleRetryTest {
    private static final int MAX_RETRIES = 2;

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder());

    private ApplicationContextRunner runner(AzureOpenAISimulator simulator) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenAiEmbeddingAutoConfiguration.class,
                OpenAIPipelineAutoConfiguration.class))
            .withBean("simulatorTrust", OpenAiHttpClientBuilderCustomizer.class,
                () -> SpringAiEmbed.trusting(simulator))
            .withPropertyValues(SpringAiEmbed.azureProperties(simulator.endpoint(),
                    AzureOpenAISimulator.DEFAULT_API_KEY, AzureOpenAISimulator.DEFAULT_DEPLOYMENT).stream()
                .map(argument -> argument.substring(2)).toArray(String[]::new))
            .withPropertyValues(
                "openai.pipeline.retry.max-retries=" + MAX_RETRIES,
                "openai.pipeline.retry.base-delay=1ms",
                "openai.pipeline.retry.max-delay=2ms",
                "openai.pipeline.gate.enabled=false");
    }

    @Test
    void a429TheInterceptorGivesUpOnIsNotRetriedByOpenAIJava(AzureOpenAISimulator simulator) {
        simulator.injectFault(Fault.tooManyRequests(Duration.ofMillis(1)), 100);
        runner(simulator).run(context -> {
            EmbeddingModel model = context.getBean(EmbeddingModel.class);

            assertThatThrownBy(() -> model.embed("text")).isInstanceOf(RuntimeException.class);
            assertThat(simulator.journal().size()).isEqualTo(1 + MAX_RETRIES);
            assertThat(simulator.journal().count(429)).isEqualTo(1 + MAX_RETRIES);
        });
    }

    @Test
    void a503TheInterceptorGivesUpOnIsNotRetriedByOpenAIJava(AzureOpenAISimulator simulator) {
        simulator.injectFault(Fault.status(503), 100);
        runner(simulator).run(context -> {
            EmbeddingModel model = context.getBean(EmbeddingModel.class);

            assertThatThrownBy(() -> model.embed("text")).isInstanceOf(RuntimeException.class);
            assertThat(simulator.journal().size()).isEqualTo(1 + MAX_RETRIES);
        });
    }

    @Test
    void aConnectionErrorTheInterceptorGivesUpOnIsNotSentAgainByOpenAIJava(AzureOpenAISimulator simulator) {
        simulator.injectFault(Fault.connectionReset(), 100);
        runner(simulator).run(context -> {
            EmbeddingModel model = context.getBean(EmbeddingModel.class);

            // openai-java retries an I/O error (SpringAiOpenAiHttpClient makes it an OpenAIIoException); each of its
            // retries ends in the interceptor before anything is sent
            assertThatThrownBy(() -> model.embed("text")).isInstanceOf(RuntimeException.class);
            assertThat(simulator.journal().size()).isEqualTo(1 + MAX_RETRIES);
        });
    }

    @Test
    void aRetriedCallSucceedsWithOneCredentialOnEveryAttempt(AzureOpenAISimulator simulator) {
        simulator.injectFault(Fault.tooManyRequests(Duration.ofMillis(1)), MAX_RETRIES);
        runner(simulator).run(context -> {
            EmbeddingModel model = context.getBean(EmbeddingModel.class);

            assertThat(model.embed("text")).hasSize(AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS);
            assertThat(simulator.journal().entries()).extracting(JournalEntry::status)
                .containsExactly(429, 429, 200);
            assertThat(simulator.journal().entries()).allSatisfy(entry -> assertThat(entry.apiKeyValueCount())
                .isEqualTo(1));
        });
    }

    @Test
    void theAttemptsAndRetriesAreCountedInTheApplicationsMeterRegistryAsTheJournalSawThem(
        AzureOpenAISimulator simulator) {
        simulator.injectFault(Fault.tooManyRequests(Duration.ofMillis(1)), MAX_RETRIES);
        runner(simulator).withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            context.getBean(EmbeddingModel.class).embed("text");
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            assertThat(count(registry, "openai.pipeline.attempts")).isEqualTo(simulator.journal().size());
            assertThat(registry.find("openai.pipeline.attempts").tag("status_class", "4xx").tag("retry", "false")
                .tag("openai.deployment", AzureOpenAISimulator.DEFAULT_DEPLOYMENT).counter().count()).isEqualTo(1);
            assertThat(registry.find("openai.pipeline.attempts").tag("status_class", "2xx").tag("retry", "true")
                .counter().count()).isEqualTo(1);
            assertThat(count(registry, "openai.pipeline.retries")).isEqualTo(simulator.journal().count(429));
        });
    }

    private static double count(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
