// Licensed under the MIT License.
package io.github.openaipolicies.openai;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippets of docs/openai-java.md and README.md's openai-java line: each is the body of a method below, between
 * {@code // BEGIN docs-<name>} and {@code // END docs-<name>}, so the build compiles it and a test runs it against
 * the simulator; {@link #theDocsShowEverySnippetVerbatim} fails when the page and this file drift apart.
 */
class OpenAIJavaDocsTest {
    private static final Path PAGE = Path.of("..", "docs", "openai-java.md");
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_FILE = Path.of("src", "test", "java", "io", "github", "openaipolicies", "openai",
        "OpenAIJavaDocsTest.java");

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    static CreateEmbeddingResponse install(String endpoint, String key) {
        // BEGIN docs-install
        OpenAIClient client = OpenAIJavaPolicies.install(OpenAIOkHttpClient.builder()
            .baseUrl(endpoint + "/openai/v1")
            .credential(AzureApiKeyCredential.create(key))
            .build());

        CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
            .model("text-embedding-3-small")      // on /openai/v1, the deployment's name
            .input("The quick brown fox")
            .build());
        // END docs-install
        client.close();
        return embeddings;
    }

    static OpenAIClient wrap(String endpoint, String key, OkHttpClient transport) {
        // BEGIN docs-wrap
        OpenAIJavaPolicyOptions options = new OpenAIJavaPolicyOptions()
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(6).setTimeout(Duration.ofMinutes(2)))
            .setThrottleGate(ThrottleGate.shared());      // the default; null for none

        OpenAIClient client = new OpenAIClientImpl(ClientOptions.builder()
            .httpClient(OpenAIJavaPolicies.wrap(transport, options))      // your transport, protected
            .baseUrl(endpoint + "/openai/v1")
            .credential(AzureApiKeyCredential.create(key))
            .build());
        // END docs-wrap
        return client;
    }

    @Test
    void theWrapSnippetSendsThroughTheGivenTransport() {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OkHttpClient transport = OkHttpClient.builder().sslSocketFactory(simulator.sslContext().getSocketFactory())
            .trustManager(simulator.trustManager()).build();

        OpenAIClient client = wrap(simulator.endpoint(), AzureOpenAISimulator.DEFAULT_API_KEY, transport);
        try {
            assertThat(client.embeddings().create(EmbeddingCreateParams.builder()
                .model(AzureOpenAISimulator.DEFAULT_DEPLOYMENT).input("x").build()).data()).hasSize(1);
        } finally {
            client.close();
        }
        assertThat(simulator.journal().entries()).extracting(JournalEntry::status).containsExactly(200);
    }

    @Test
    void theInstallSnippetBuildsAProtectedClient() {
        // install() sends over openai-java's default transport, which does not trust the simulator's self-signed
        // certificate: the call itself fails at TLS, after the client was built and protected.
        List<Throwable> failures = new ArrayList<>();
        try {
            install(SIMULATOR.simulator().endpoint(), AzureOpenAISimulator.DEFAULT_API_KEY);
        } catch (RuntimeException expected) {
            failures.add(expected);
        }
        assertThat(failures).singleElement().isInstanceOf(RetriesExhaustedException.class);
        assertThat(SIMULATOR.simulator().journal().entries()).isEmpty();
    }

    @Test
    void theDocsShowEverySnippetVerbatim() throws IOException {
        String page = Files.readString(PAGE);
        String source = Files.readString(THIS_FILE);
        Matcher snippet = Pattern.compile("// BEGIN (docs-[a-z]+)\\n(.*?)\\n\\s*// END \\1", Pattern.DOTALL)
            .matcher(source);
        int found = 0;
        while (snippet.find()) {
            found++;
            assertThat(page).as(snippet.group(1)).contains(dedent(snippet.group(2)));
        }
        assertThat(found).isEqualTo(2);
        assertThat(Files.readString(README)).contains("OpenAIJavaPolicies.install(");
    }

    private static String dedent(String block) {
        StringBuilder out = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            out.append(line.startsWith("        ") ? line.substring(8) : line.strip()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
