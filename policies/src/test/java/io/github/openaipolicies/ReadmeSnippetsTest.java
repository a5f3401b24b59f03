// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import io.github.openaipolicies.PipelineTestPolicies.AddHeaderPolicy;
import io.github.openaipolicies.PipelineTestPolicies.ResendingRetryPolicy;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.implementation.LibraryInfo;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code snippets of README.md: each one is the body of a method below, between {@code // BEGIN readme-<name>} and
 * {@code // END readme-<name>}, so the build compiles it and a test runs it against a {@link ScriptedHttpClient};
 * {@link #readmeShowsEverySnippetVerbatim} fails when README.md and this file drift apart.
 */
class ReadmeSnippetsTest {
    private static final String ENDPOINT = "https://my-resource.openai.azure.com";
    private static final String KEY = "readme-key-0123456789";
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_FILE = Path.of("src", "test", "java", "io", "github", "openaipolicies",
        "ReadmeSnippetsTest.java");

    static Embeddings install(String endpoint, String key, HttpClient httpClient) {
        // BEGIN readme-install
        OpenAIClient client = OpenAIPipelines.install(new OpenAIClientBuilder()
                .endpoint(endpoint)
                .credential(new AzureKeyCredential(key))
                .httpClient(httpClient))      // optional: your transport; omit for the default
            .buildClient();

        Embeddings embeddings = client.getEmbeddings("text-embedding-3-small",
            new EmbeddingsOptions(List.of("The quick brown fox")));
        // END readme-install
        return embeddings;
    }

    static Embeddings builder(String endpoint, String key, HttpClient httpClient) {
        // BEGIN readme-builder
        HttpPipeline pipeline = OpenAIPipelines.builder()
            .httpClient(httpClient)
            .credential(new AzureKeyCredential(key))
            .retryOptions(new RetryAfterOptions().setMaxRetries(6).setTimeout(Duration.ofMinutes(2)))
            .build();

        OpenAIClient client = new OpenAIClientBuilder()
            .endpoint(endpoint)
            .pipeline(pipeline)               // the builder's credential/retry/logging settings are ignored now
            .buildClient();
        // END readme-builder
        return client.getEmbeddings("text-embedding-3-small", new EmbeddingsOptions(List.of("hello")));
    }

    static Embeddings harden(String endpoint, HttpPipeline theirPipeline) {
        // BEGIN readme-harden
        // theirPipeline: built by a framework or another team, e.g. with its own retry and auth policies
        HttpPipeline pipeline = OpenAIPipelines.harden(theirPipeline);

        OpenAIClient client = new OpenAIClientBuilder()
            .endpoint(endpoint)
            .pipeline(pipeline)
            .buildClient();
        // END readme-harden
        return client.getEmbeddings("text-embedding-3-small", new EmbeddingsOptions(List.of("hello")));
    }

    static Embeddings options(String endpoint, String key, HttpClient httpClient) {
        // BEGIN readme-options
        OpenAIPipelineOptions options = new OpenAIPipelineOptions()
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(6))
            .setThrottleGate(ThrottleGate.create());  // a gate of its own; null: no gate; default ThrottleGate.shared()

        OpenAIClient client = OpenAIPipelines.install(new OpenAIClientBuilder()
                .endpoint(endpoint)
                .credential(new AzureKeyCredential(key))
                .httpClient(httpClient), options)
            .buildClient();
        // END readme-options
        return client.getEmbeddings("text-embedding-3-small", new EmbeddingsOptions(List.of("hello")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"install", "builder", "options"})
    void keySnippetsSurviveThrottlingWithOneKeyPerAttempt(String snippet) {
        ScriptedHttpClient client = OpenAIPipelinesInstallTest.throttledThenEmbeddings(2);

        Embeddings embeddings = switch (snippet) {
            case "install" -> install(ENDPOINT, KEY, client);
            case "builder" -> builder(ENDPOINT, KEY, client);
            default -> options(ENDPOINT, KEY, client);
        };

        assertThat(embeddings.getData()).hasSize(1);
        assertThat(client.attempts()).hasSize(3)
            .allSatisfy(attempt -> assertThat(attempt.headerValues("api-key")).containsExactly(KEY));
    }

    @Test
    void hardenSnippetFixesAPipelineThatRetriesTheSameRequest() {
        ScriptedHttpClient client = OpenAIPipelinesInstallTest.throttledThenEmbeddings(2);
        HttpPipeline theirPipeline = new HttpPipelineBuilder().httpClient(client)
            .policies(new ResendingRetryPolicy(10), new AddHeaderPolicy("Authorization", "Bearer their-token"))
            .build();

        Embeddings embeddings = harden(ENDPOINT, theirPipeline);

        assertThat(embeddings.getData()).hasSize(1);
        assertThat(client.attempts()).hasSize(3).allSatisfy(attempt ->
            assertThat(attempt.headerValues("Authorization")).containsExactly("Bearer their-token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"install", "builder", "harden", "options"})
    void readmeShowsEverySnippetVerbatim(String snippet) throws IOException {
        String code = snippet(Files.readString(THIS_FILE, StandardCharsets.UTF_8), snippet);

        assertThat(code).isNotBlank();
        assertThat(readme()).contains("```java\n" + code + "```\n");
    }

    @Test
    void readmeShowsTheDependencyOfThisVersion() throws IOException {
        assertThat(readme()).contains("<artifactId>openai-pipeline-policies</artifactId>\n"
            + "    <version>" + LibraryInfo.VERSION + "</version>");
    }

    private static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    /** The lines between the snippet's markers, with the method's indentation removed. */
    static String snippet(String source, String name) {
        List<String> lines = source.lines().toList();
        int begin = lines.indexOf("        // BEGIN readme-" + name);
        int end = lines.indexOf("        // END readme-" + name);
        assertThat(begin).as("BEGIN marker of " + name).isNotNegative();
        assertThat(end).as("END marker of " + name).isGreaterThan(begin);
        List<String> body = new ArrayList<>();
        for (String line : lines.subList(begin + 1, end)) {
            body.add(line.length() >= 8 ? line.substring(8) : line.strip());
        }
        return String.join("\n", body) + "\n";
    }
}
