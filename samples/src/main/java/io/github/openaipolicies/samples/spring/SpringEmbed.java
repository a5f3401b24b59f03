// Licensed under the MIT License.
package io.github.openaipolicies.samples.spring;

import io.github.openaipolicies.samples.bulkembed.Quota;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAIClientBuilderCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * A minimal Spring Boot application that embeds texts through the {@code EmbeddingModel} Spring AI auto-configures.
 * Its only setup is two dependencies ({@code openai-pipeline-policies-spring-boot} and
 * {@code spring-ai-starter-model-azure-openai}) and the {@code spring.ai.azure.openai.*} properties in
 * {@code application.properties}: the policies come in by auto-configuration.
 *
 * <p>Run {@code mvn -B -q install -DskipTests && mvn -B -q -pl samples exec:java
 * -Dexec.mainClass=io.github.openaipolicies.samples.spring.SpringEmbed}.
 * With {@code AZURE_OPENAI_ENDPOINT} (and {@code AZURE_OPENAI_API_KEY}, else Microsoft Entra ID, and
 * {@code AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT}) set, it calls that deployment; otherwise it starts BulkEmbed's
 * embedded simulator with a quota of {@value #SIMULATOR_REQUESTS_PER_SECOND} requests a second and passes its
 * endpoint as properties. Exit status 0 when every text was embedded, 1 otherwise.</p>
 */
@SpringBootApplication
public class SpringEmbed {
    /** Texts embedded, one call each. */
    public static final int TEXTS = 60;
    /** Calls at once. */
    public static final int CONCURRENCY = 8;
    /** The embedded simulator's quota: requests per one-second window. */
    public static final int SIMULATOR_REQUESTS_PER_SECOND = 10;

    /**
     * Creates the application (Spring does).
     */
    public SpringEmbed() {
    }

    /**
     * Runs the sample and exits with its status.
     *
     * @param args Spring Boot arguments, e.g. {@code --openai.pipeline.retry.max-retries=5}
     */
    public static void main(String[] args) {
        String endpoint = System.getenv(Target.ENDPOINT_VARIABLE);
        Outcome outcome;
        if (endpoint != null && !endpoint.isBlank()) {
            // application.properties reads the AZURE_OPENAI_* variables
            outcome = run(new SpringApplication(SpringEmbed.class), args);
        } else {
            try (Target simulator = Target.embeddedSimulator(AzureOpenAISimulator.DEFAULT_DEPLOYMENT,
                new Quota(SIMULATOR_REQUESTS_PER_SECOND, 0, Duration.ofSeconds(1)),
                AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS)) {
                System.out.println("SpringEmbed: " + simulator.description());
                outcome = run(simulator, args);
            }
        }
        System.out.println(outcome.summary());
        outcome.failures().forEach(failure -> System.out.println("SpringEmbed: failed: " + failure));
        System.exit(outcome.failures().isEmpty() ? 0 : 1);
    }

    /**
     * What a run did.
     *
     * @param embedded how many texts were embedded
     * @param failures one line per text that was not
     * @param summary one line for people
     */
    public record Outcome(int embedded, List<String> failures, String summary) {
    }

    /**
     * Runs the application against a simulator: its endpoint, key and deployment go in as properties (command-line
     * arguments, which win over {@code application.properties}), and a customizer hands Spring AI's client builder
     * the simulator's transport, which trusts the simulator's self-signed certificate. A real endpoint needs neither.
     *
     * @param simulator the simulator target
     * @param args further Spring Boot arguments
     * @return what the run did
     */
    public static Outcome run(Target simulator, String... args) {
        List<String> all = new ArrayList<>(List.of(
            "--spring.ai.azure.openai.endpoint=" + simulator.endpoint(),
            "--spring.ai.azure.openai.api-key=" + AzureOpenAISimulator.DEFAULT_API_KEY,
            "--spring.ai.azure.openai.embedding.options.deployment-name=" + simulator.deployment()));
        all.addAll(List.of(args));
        SpringApplication application = new SpringApplication(SpringEmbed.class);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("simulatorTransport",
            (AzureOpenAIClientBuilderCustomizer) builder -> builder.httpClient(simulator.httpClient())));
        return run(application, all.toArray(String[]::new));
    }

    private static Outcome run(SpringApplication application, String... args) {
        try (ConfigurableApplicationContext context = application.run(args)) {
            EmbeddingModel model = context.getBean(EmbeddingModel.class);
            long start = System.nanoTime();
            List<String> failures = new ArrayList<>();
            List<float[]> vectors = embedAll(model, texts(), failures);
            String summary = String.format(Locale.ROOT, "SpringEmbed: %d of %d texts embedded through Spring AI's"
                    + " EmbeddingModel (vector length %d, %d calls at once) in %.1f s", vectors.size(), TEXTS,
                vectors.isEmpty() ? 0 : vectors.get(0).length, CONCURRENCY, (System.nanoTime() - start) / 1e9);
            return new Outcome(vectors.size(), failures, summary);
        }
    }

    private static List<String> texts() {
        return IntStream.range(0, TEXTS)
            .mapToObj(i -> "Paragraph " + i + ": Retry-After is a promise, not a suggestion.").toList();
    }

    private static List<float[]> embedAll(EmbeddingModel model, List<String> texts, List<String> failures) {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<float[]>> calls = new ArrayList<>();
            for (String text : texts) {
                calls.add(pool.submit(() -> model.embed(text)));
            }
            List<float[]> vectors = new ArrayList<>();
            for (Future<float[]> call : calls) {
                try {
                    vectors.add(call.get());
                } catch (Exception e) {
                    failures.add(String.valueOf(e.getCause() != null ? e.getCause() : e));
                }
            }
            return vectors;
        } finally {
            pool.shutdownNow();
        }
    }
}
