// Licensed under the MIT License.
package io.github.openaipolicies.samples.spring.boot4;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
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
 * The Spring Boot 4 / Spring AI 2.0 twin of {@code samples/.../spring/SpringEmbed}: a minimal application that
 * embeds texts through the {@code EmbeddingModel} Spring AI auto-configures. Its only setup is two dependencies
 * ({@code openai-pipeline-policies-spring-boot4} and {@code spring-ai-starter-model-openai}) and the
 * {@code spring.ai.openai.*} properties of an Azure OpenAI endpoint ({@code microsoft-foundry=true}, the endpoint as
 * {@code base-url}, an {@code api-key}, the deployment as the embedding {@code model}): the protection comes in by
 * auto-configuration, with no code.
 *
 * <p>It lives in the starter module's tests, not in {@code samples/}: that module is on Spring Boot 3.5 and Spring
 * AI 1.1, and one class path cannot hold both. Run it with {@code mvn -B -q install -DskipTests && mvn -B -q
 * -pl spring-boot4 exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.openaipolicies.samples.spring.boot4.SpringAiEmbed}. With
 * {@code AZURE_OPENAI_ENDPOINT}, {@code AZURE_OPENAI_API_KEY} and {@code AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT} set, it
 * calls that deployment; otherwise it starts the simulator with a quota of {@value #SIMULATOR_REQUESTS_PER_SECOND}
 * requests a second. Exit status 0 when every text was embedded, 1 otherwise.</p>
 */
@SpringBootApplication
public class SpringAiEmbed {
    /** Texts embedded, one call each. */
    public static final int TEXTS = 100;
    /** Calls at once. */
    public static final int CONCURRENCY = 32;
    /** The embedded simulator's quota: requests per one-second window. */
    public static final int SIMULATOR_REQUESTS_PER_SECOND = 10;

    /**
     * Creates the application (Spring does).
     */
    public SpringAiEmbed() {
    }

    /**
     * Runs the sample and exits with its status.
     *
     * @param args Spring Boot arguments, e.g. {@code --openai.pipeline.retry.max-retries=5}
     */
    public static void main(String[] args) {
        String endpoint = System.getenv("AZURE_OPENAI_ENDPOINT");
        Outcome outcome;
        if (endpoint != null && !endpoint.isBlank()) {
            List<String> all = new ArrayList<>(azureProperties(endpoint, System.getenv("AZURE_OPENAI_API_KEY"),
                System.getenv("AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT")));
            all.addAll(List.of(args));
            outcome = run(new SpringApplication(SpringAiEmbed.class), all.toArray(String[]::new));
        } else {
            try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
                .deployment(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, SIMULATOR_REQUESTS_PER_SECOND, 0)
                .window(Duration.ofSeconds(1)).start()) {
                System.out.println("SpringAiEmbed: simulator at " + simulator.endpoint() + ", "
                    + SIMULATOR_REQUESTS_PER_SECOND + " requests a second");
                outcome = run(simulator, args);
            }
        }
        System.out.println(outcome.summary());
        outcome.failures().stream().distinct()
            .forEach(failure -> System.out.println("SpringAiEmbed: failed: " + failure));
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
     * The properties that point Spring AI 2.0's OpenAI models at an Azure OpenAI deployment.
     *
     * @param endpoint the resource's endpoint, {@code https://<resource>.openai.azure.com}
     * @param apiKey its key
     * @param deployment the embeddings deployment
     * @return the properties, as command-line arguments
     */
    public static List<String> azureProperties(String endpoint, String apiKey, String deployment) {
        return List.of(
            "--spring.ai.openai.microsoft-foundry=true",
            "--spring.ai.openai.base-url=" + endpoint,
            "--spring.ai.openai.api-key=" + apiKey,
            "--spring.ai.openai.embedding.options.model=" + deployment);
    }

    /**
     * Runs the application against a simulator: its endpoint, key and deployment go in as properties, and a
     * customizer makes Spring AI's OkHttp client trust the simulator's self-signed certificate (a real endpoint
     * needs none).
     *
     * @param simulator the simulator
     * @param args further Spring Boot arguments (they win over the simulator's)
     * @return what the run did
     */
    public static Outcome run(AzureOpenAISimulator simulator, String... args) {
        List<String> all = new ArrayList<>(azureProperties(simulator.endpoint(), AzureOpenAISimulator.DEFAULT_API_KEY,
            AzureOpenAISimulator.DEFAULT_DEPLOYMENT));
        all.addAll(List.of(args));
        SpringApplication application = new SpringApplication(SpringAiEmbed.class);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("simulatorTrust",
            trusting(simulator)));
        return run(application, all.toArray(String[]::new));
    }

    /**
     * A customizer that makes Spring AI's OkHttp client trust the simulator's certificate.
     *
     * @param simulator the simulator
     * @return the customizer
     */
    public static OpenAiHttpClientBuilderCustomizer trusting(AzureOpenAISimulator simulator) {
        return builder -> builder.sslSocketFactory(simulator.sslContext().getSocketFactory())
            .trustManager(simulator.trustManager());
    }

    private static Outcome run(SpringApplication application, String... args) {
        try (ConfigurableApplicationContext context = application.run(args)) {
            EmbeddingModel model = context.getBean(EmbeddingModel.class);
            long start = System.nanoTime();
            List<String> failures = new ArrayList<>();
            List<float[]> vectors = embedAll(model, failures);
            String summary = String.format(Locale.ROOT, "SpringAiEmbed: %d of %d texts embedded through Spring AI"
                    + " 2.0's EmbeddingModel (vector length %d, %d calls at once) in %.1f s", vectors.size(), TEXTS,
                vectors.isEmpty() ? 0 : vectors.get(0).length, CONCURRENCY, (System.nanoTime() - start) / 1e9);
            return new Outcome(vectors.size(), failures, summary);
        }
    }

    private static List<float[]> embedAll(EmbeddingModel model, List<String> failures) {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<float[]>> calls = new ArrayList<>();
            IntStream.range(0, TEXTS).mapToObj(i -> "Paragraph " + i + ": Retry-After is a promise, not a suggestion.")
                .forEach(text -> calls.add(pool.submit(() -> model.embed(text))));
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
