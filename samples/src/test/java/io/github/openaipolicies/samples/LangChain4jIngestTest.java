// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.AzureKeyCredential;
import dev.langchain4j.model.azure.AzureOpenAiEmbeddingModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.samples.bulkembed.Target;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.Fault;
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
 * Runs {@link LangChain4jIngest} on a small folder, so the sample keeps working, and keeps the LangChain4j snippet of
 * docs/frameworks.md compiling: it is the body of {@link #frameworksSnippet}, between {@code // BEGIN} and
 * {@code // END}, word for word.
 */
class LangChain4jIngestTest {
    private static final Path FRAMEWORKS_PAGE = Path.of("..", "docs", "frameworks.md");
    private static final Path THIS_FILE = Path.of("src", "test", "java", "io", "github", "openaipolicies", "samples",
        "LangChain4jIngestTest.java");
    private static final Pattern SUMMARY = Pattern.compile("LangChain4jIngest: (\\d+) of (\\d+) segments embedded and"
        + " stored in [0-9.]+ s; (\\d+) embeddings calls, (\\d+) HTTP attempts, (\\d+) got 429, (\\d+) retries,"
        + " (\\d+) got 401");

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    @TempDir
    Path folder;

    @Test
    void storesEverySegmentAndCountsThe429sAndRetries(AzureOpenAISimulator simulator) throws IOException {
        writeDocuments();
        simulator.injectFault(Fault.tooManyRequests(Duration.ofMillis(200)), 2);
        Console console = new Console();

        int status = LangChain4jIngest.run(new String[] {folder.toString()}, console.out, console.err,
            Target.simulator(simulator, AzureOpenAISimulator.DEFAULT_DEPLOYMENT));

        assertThat(status).as(console.err()).isZero();
        assertThat(console.out()).contains("(3 documents, ");
        Matcher summary = SUMMARY.matcher(console.out());
        assertThat(summary.find()).as(console.out()).isTrue();
        long segments = Long.parseLong(summary.group(2));
        assertThat(segments).as("segments: three documents of several hundred tokens each").isGreaterThan(3);
        assertThat(summary.group(1)).as("stored").isEqualTo(summary.group(2));
        assertThat(Long.parseLong(summary.group(3))).as("calls: 16 segments each")
            .isEqualTo((segments + 15) / 16).isEqualTo(simulator.journal().count(200));
        assertThat(Long.parseLong(summary.group(4))).as("attempts").isEqualTo(simulator.journal().size());
        assertThat(summary.group(5)).as("429s").isEqualTo("2");
        assertThat(summary.group(6)).as("retries").isEqualTo("2");
        assertThat(summary.group(7)).as("401s").isEqualTo("0");
    }

    @Test
    void aMissingFolderIsRefused() {
        Console console = new Console();

        int status = LangChain4jIngest.run(new String[] {folder.resolve("missing").toString()}, console.out,
            console.err, Map.of(Target.ENDPOINT_VARIABLE, "https://localhost:1"));

        assertThat(status).isEqualTo(2);
        assertThat(console.err()).startsWith("LangChain4jIngest: corpus path does not exist: ");
    }

    @Test
    void anUnreachableEndpointIsRefusedBeforeAnyCall() throws IOException {
        writeDocuments();
        Console console = new Console();

        int status = LangChain4jIngest.run(new String[] {folder.toString()}, console.out, console.err,
            Map.of(Target.ENDPOINT_VARIABLE, "https://localhost:1", Target.API_KEY_VARIABLE, "unused"));

        assertThat(status).isEqualTo(2);
        assertThat(console.err()).startsWith("LangChain4jIngest: cannot reach endpoint https://localhost:1");
    }

    @Test
    void theFrameworksPageShowsTheSnippetVerbatim() throws IOException {
        List<String> lines = Files.readAllLines(THIS_FILE);
        List<String> body = lines.subList(lines.indexOf("        // BEGIN frameworks-langchain4j") + 1,
            lines.indexOf("        // END frameworks-langchain4j"));
        String snippet = String.join("\n", body.stream().map(line -> line.substring(Math.min(8, line.length())))
            .toList());

        assertThat(snippet).contains(".openAIClient(OpenAIPipelines.install(");
        assertThat(Files.readString(FRAMEWORKS_PAGE)).contains("```java\n" + snippet + "\n```");
    }

    static EmbeddingModel frameworksSnippet(String endpoint, String key) {
        // BEGIN frameworks-langchain4j
        EmbeddingModel model = AzureOpenAiEmbeddingModel.builder()
            .openAIClient(OpenAIPipelines.install(new OpenAIClientBuilder()
                    .endpoint(endpoint)
                    .credential(new AzureKeyCredential(key)))
                .buildClient())
            .deploymentName("text-embedding-3-small")
            .build();
        // END frameworks-langchain4j
        return model;
    }

    /** Three documents of a few hundred tokens, a blank one (left out) and a file of another kind (not read). */
    private void writeDocuments() throws IOException {
        for (int d = 0; d < 3; d++) {
            StringBuilder text = new StringBuilder("# Document " + d + "\n\n");
            for (int p = 0; p < 40; p++) {
                text.append("Paragraph ").append(p).append(" of document ").append(d)
                    .append(": a quota refuses what a window cannot hold; a retry waits as long as it is told.\n\n");
            }
            Files.writeString(folder.resolve("doc" + d + ".md"), text);
        }
        Files.writeString(folder.resolve("blank.md"), " \n");
        Files.writeString(folder.resolve("data.csv"), "a,b\n1,2\n");
    }
}
