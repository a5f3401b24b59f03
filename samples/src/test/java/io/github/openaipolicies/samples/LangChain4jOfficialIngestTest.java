// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialEmbeddingModel;
import io.github.openaipolicies.openai.OpenAIJavaPolicies;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.Journal;
import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link LangChain4jOfficialIngest} (langchain4j-open-ai-official on openai-java, protected by
 * {@code OpenAIJavaPolicies}) against the simulator under throttling, and checks what its journal saw.
 */
class LangChain4jOfficialIngestTest {
    private static final Pattern SUMMARY = Pattern.compile("LangChain4jOfficialIngest: (\\d+) of (\\d+) segments"
        + " embedded and stored in [0-9.]+ s; (\\d+) embeddings calls, (\\d+) HTTP attempts, (\\d+) got 429,"
        + " (\\d+) retries, (\\d+) got 401");

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    @TempDir
    Path folder;

    @Test
    void storesEverySegmentUnderThrottlingWithOneApiKeyPerAttemptAndNoRetryRetried(AzureOpenAISimulator simulator)
        throws IOException {
        writeDocuments();
        // three 429s in a row on the first call: openai-java alone (2 retries) gives up on it, the policies retry it
        simulator.injectFault(Fault.tooManyRequests(Duration.ofMillis(200)), 3);
        Console console = new Console();

        int status = LangChain4jOfficialIngest.run(new String[] {folder.toString()}, console.out, console.err,
            Target.simulator(simulator, AzureOpenAISimulator.DEFAULT_DEPLOYMENT));

        assertThat(status).as(console.err()).isZero();
        assertThat(console.err()).isEmpty();
        Matcher summary = SUMMARY.matcher(console.out());
        assertThat(summary.find()).as(console.out()).isTrue();
        long segments = Long.parseLong(summary.group(2));
        assertThat(segments).as("segments: three documents of several thousand characters").isGreaterThan(16);
        assertThat(summary.group(1)).as("stored: none failed").isEqualTo(summary.group(2));
        long calls = (segments + LangChain4jOfficialIngest.SEGMENTS_PER_CALL - 1)
            / LangChain4jOfficialIngest.SEGMENTS_PER_CALL;
        Journal journal = simulator.journal();
        assertThat(journal.count(200)).as("one successful call per batch of segments").isEqualTo(calls);
        assertThat(journal.count(429)).isEqualTo(3);
        assertThat(journal.size()).as("each 429 retried once, by the policies only").isEqualTo(calls + 3);
        assertThat(journal.entries()).allSatisfy(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_EMBEDDINGS);
            assertThat(entry.deployment()).isEqualTo(AzureOpenAISimulator.DEFAULT_DEPLOYMENT);
            assertThat(entry.apiKeyValueCount()).isEqualTo(1);
            assertThat(entry.authorizationValueCount()).isZero();
        });
        assertThat(Long.parseLong(summary.group(3))).as("calls").isEqualTo(calls);
        assertThat(Long.parseLong(summary.group(4))).as("attempts").isEqualTo(journal.size());
        assertThat(summary.group(5)).as("429s").isEqualTo("3");
        assertThat(summary.group(6)).as("retries").isEqualTo("3");
        assertThat(summary.group(7)).as("401s").isEqualTo("0");
    }

    @Test
    void aMissingFolderIsRefused() {
        Console console = new Console();

        int status = LangChain4jOfficialIngest.run(new String[] {folder.resolve("missing").toString()}, console.out,
            console.err, Map.of(Target.ENDPOINT_VARIABLE, "https://localhost:1"));

        assertThat(status).isEqualTo(2);
        assertThat(console.err()).startsWith("LangChain4jOfficialIngest: corpus path does not exist: ");
    }

    /** The snippet for docs/frameworks.md (langchain4j-open-ai-official), kept compiling here. */
    static EmbeddingModel frameworksSnippet(String endpoint, String key) {
        // BEGIN frameworks-langchain4j-official
        EmbeddingModel model = OpenAiOfficialEmbeddingModel.builder()
            .openAIClient(OpenAIJavaPolicies.install(OpenAIOkHttpClient.builder()
                .baseUrl(endpoint + "/openai/v1")
                .credential(AzureApiKeyCredential.create(key))
                .build()))
            .modelName("text-embedding-3-small")      // on /openai/v1, the deployment's name
            .build();
        // END frameworks-langchain4j-official
        return model;
    }

    @Test
    void theFrameworksPageShowsTheSnippetVerbatim() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src", "test", "java", "io", "github", "openaipolicies",
            "samples", "LangChain4jOfficialIngestTest.java"));
        List<String> body = lines.subList(lines.indexOf("        // BEGIN frameworks-langchain4j-official") + 1,
            lines.indexOf("        // END frameworks-langchain4j-official"));
        String snippet = String.join("\n", body.stream().map(line -> line.substring(Math.min(8, line.length())))
            .toList());

        assertThat(snippet).contains(".openAIClient(OpenAIJavaPolicies.install(");
        assertThat(Files.readString(Path.of("..", "docs", "frameworks.md"))).contains("```java\n" + snippet + "\n```");
    }

    @Test
    void theSnippetBuildsAModelWithoutCallingTheService() {
        assertThat(frameworksSnippet("https://localhost:1", "key")).isInstanceOf(OpenAiOfficialEmbeddingModel.class);
    }

    /** Three documents of a few thousand characters, a blank one (left out) and a file of another kind (not read). */
    private void writeDocuments() throws IOException {
        for (int d = 0; d < 3; d++) {
            StringBuilder text = new StringBuilder("# Document " + d + "\n\n");
            for (int p = 0; p < 80; p++) {
                text.append("Paragraph ").append(p).append(" of document ").append(d)
                    .append(": a quota refuses what a window cannot hold; a retry waits as long as it is told.\n\n");
            }
            Files.writeString(folder.resolve("doc" + d + ".md"), text);
        }
        Files.writeString(folder.resolve("blank.md"), " \n");
        Files.writeString(folder.resolve("data.csv"), "a,b\n1,2\n");
    }
}
