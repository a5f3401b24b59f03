// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.implementation.OpenAIClientImpl;
import com.azure.core.http.HttpPipeline;
import io.github.openaipolicies.DedupeAuthPolicy;
import io.github.openaipolicies.RequestLoggingPolicy;
import io.github.openaipolicies.RetryAfterPolicy;
import io.github.openaipolicies.ThrottleGatePolicy;
import io.github.openaipolicies.it.support.JournalAssertions;
import io.github.openaipolicies.it.support.SpringAiCalls;
import io.github.openaipolicies.spring.OpenAIPipelineAutoConfiguration;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.azure.openai.AzureOpenAiEmbeddingModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAIClientBuilderCustomizer;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiEmbeddingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot end to end: Spring AI's Azure OpenAI embedding auto-configuration and ours, configured by properties
 * only (plus a customizer that hands the client the simulator's transport, which trusts its certificate). The
 * {@code EmbeddingModel} bean embeds 100 texts, 16 calls at a time, against a deployment that allows 20 requests
 * per second, so the quota holds them for at least four seconds: none fails, no attempt is refused with 401, every attempt carried one api-key value, and the model's
 * client pipeline holds our policies in place of the stock retry.
 */
class SpringBootEmbeddingModelTest {
    private static final int TEXTS = 100;
    private static final int REQUESTS_PER_SECOND = 20;
    private static final String DEPLOYMENT = "spring-boot-embeddings";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(DEPLOYMENT, REQUESTS_PER_SECOND, 0).window(Duration.ofSeconds(1)));

    @Test
    void theEmbeddingModelBeanEmbedsEveryTextUnderThrottling() {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenAIPipelineAutoConfiguration.class,
                AzureOpenAiEmbeddingAutoConfiguration.class))
            .withPropertyValues(
                "spring.ai.azure.openai.endpoint=" + simulator.endpoint(),
                "spring.ai.azure.openai.api-key=" + AzureOpenAISimulator.DEFAULT_API_KEY,
                "spring.ai.azure.openai.embedding.options.deployment-name=" + DEPLOYMENT)
            .withBean("simulatorTransport", AzureOpenAIClientBuilderCustomizer.class,
                () -> builder -> builder.httpClient(simulator.httpClient()))
            .run(context -> {
                assertThat(context).hasNotFailed();
                EmbeddingModel model = context.getBean(EmbeddingModel.class);

                List<float[]> vectors = SpringAiCalls.embedConcurrently(model, SpringAiCalls.texts(TEXTS), 16);

                assertThat(vectors).hasSize(TEXTS).allSatisfy(vector ->
                    assertThat(vector).hasSize(AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS));
                List<JournalEntry> entries = simulator.journal().entries(DEPLOYMENT);
                System.out.printf("Spring Boot EmbeddingModel: %d texts, attempts by status %s, first to last "
                        + "arrival %s%n", TEXTS, simulator.journal().countsByStatus(),
                    Duration.between(entries.get(0).arrivedAt(), entries.get(entries.size() - 1).arrivedAt()));
                assertThat(entries).extracting(JournalEntry::status).doesNotContain(401);
                List<JournalEntry> served = entries.stream().filter(entry -> entry.status() == 200).toList();
                assertThat(served).hasSize(TEXTS);
                // 100 answers at 20 a second take five windows: the quota, not the client, set the pace
                assertThat(Duration.between(served.get(0).arrivedAt(), served.get(TEXTS - 1).arrivedAt()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(TEXTS / REQUESTS_PER_SECOND - 1)
                        .minus(JournalAssertions.TOLERANCE));
                JournalAssertions.assertOneCredentialPerAttempt(entries, JournalEntry.API_KEY);
                assertThat(policyClasses(pipelineOf((AzureOpenAiEmbeddingModel) model)))
                    .containsSubsequence(RetryAfterPolicy.class, ThrottleGatePolicy.class,
                        RequestLoggingPolicy.class, DedupeAuthPolicy.class)
                    .doesNotContain(com.azure.core.http.policy.RetryPolicy.class);
            });
    }

    private static List<Class<?>> policyClasses(HttpPipeline pipeline) {
        List<Class<?>> classes = new ArrayList<>();
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            classes.add(pipeline.getPolicy(i).getClass());
        }
        return classes;
    }

    /** The pipeline of the model's own client: Spring AI keeps it in 'azureOpenAiClient', azure-ai-openai in
     * 'serviceClient'. */
    private static HttpPipeline pipelineOf(AzureOpenAiEmbeddingModel model) throws ReflectiveOperationException {
        Field clientField = AzureOpenAiEmbeddingModel.class.getDeclaredField("azureOpenAiClient");
        clientField.setAccessible(true);
        OpenAIClient client = (OpenAIClient) clientField.get(model);
        Field serviceField = OpenAIClient.class.getDeclaredField("serviceClient");
        serviceField.setAccessible(true);
        return ((OpenAIClientImpl) serviceField.get(client)).getHttpPipeline();
    }
}
