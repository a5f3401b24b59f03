// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BulkEmbedBadInputTest {
    @TempDir
    Path dir;

    private Path corpus;
    private final Console console = new Console();

    @BeforeEach
    void writeCorpus() throws IOException {
        corpus = TestCorpus.write(dir, 1, 3);
    }

    private int run(Map<String, String> env, String... args) {
        return BulkEmbed.run(args, console.out, console.err, env);
    }

    private void assertOneLineError(int exit, String message) {
        assertThat(exit).isEqualTo(BulkEmbed.EXIT_BAD_INPUT);
        assertThat(console.errLines()).singleElement().asString().startsWith("bulk-embed: ").contains(message);
    }

    @Test
    void missingCorpusPath() {
        Path missing = dir.resolve("no-such-folder");

        assertOneLineError(run(Map.of(), missing.toString()), "corpus path does not exist: " + missing);
        assertThat(console.out()).isEmpty();
    }

    @Test
    void emptyCorpus() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("blank.md"), "\n\n  \n");

        assertOneLineError(run(Map.of(), empty.toString()), "corpus is empty: no text in " + empty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3"})
    void concurrencyBelowOne(String concurrency) {
        assertOneLineError(run(Map.of(), corpus.toString(), "--concurrency", concurrency),
            "--concurrency must be at least 1, was " + concurrency);
    }

    @Test
    void chunkLimitAboveTheBatchLimit() {
        assertOneLineError(run(Map.of(), corpus.toString(), "--chunk-tokens", "500", "--batch-tokens", "100"),
            "--chunk-tokens (500) must not exceed --batch-tokens (100)");
    }

    @Test
    void unknownOption() {
        assertOneLineError(run(Map.of(), "--concurency", "4"), "Unknown option: '--concurency'");
    }

    @Test
    void unreachableEndpointWithAKey() {
        Map<String, String> env = Map.of("AZURE_OPENAI_ENDPOINT", "https://127.0.0.1:1",
            "AZURE_OPENAI_API_KEY", "not-a-real-key");

        assertOneLineError(run(env, corpus.toString(), "--output", dir.resolve("out.jsonl").toString()),
            "cannot reach endpoint https://127.0.0.1:1: connection refused");
        assertThat(console.out()).startsWith("Target: Azure OpenAI at https://127.0.0.1:1, deployment"
            + " text-embedding-3-small, API key from AZURE_OPENAI_API_KEY");
    }

    @Test
    void unreachableEndpointWithEntraId() {
        Map<String, String> env = Map.of("AZURE_OPENAI_ENDPOINT", "https://127.0.0.1:1",
            "AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT", "my-embeddings");

        assertOneLineError(run(env, corpus.toString(), "--output", dir.resolve("out.jsonl").toString()),
            "cannot reach endpoint https://127.0.0.1:1: connection refused");
        assertThat(console.out()).startsWith("Target: Azure OpenAI at https://127.0.0.1:1, deployment my-embeddings,"
            + " Microsoft Entra ID (DefaultAzureCredential)");
    }

    @Test
    void endpointWithAnUntrustedCertificate() {
        int exit;
        String endpoint;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            endpoint = simulator.endpoint();
            // the simulator's self-signed certificate is trusted only by the clients it hands out
            exit = run(Map.of("AZURE_OPENAI_ENDPOINT", endpoint, "AZURE_OPENAI_API_KEY",
                AzureOpenAISimulator.DEFAULT_API_KEY), corpus.toString(), "--output", dir.resolve("o.jsonl").toString());
        }

        assertOneLineError(exit, "cannot reach endpoint " + endpoint + ": TLS handshake failed: ");
    }

    @Test
    void unknownDeploymentStopsTheRun() {
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--output", dir.resolve("out.jsonl").toString(),
                "--deployment", "no-such-deployment"}, console.out, console.err, Map.of(), simulator);
        }

        assertOneLineError(exit, "deployment 'no-such-deployment' not found at https://localhost:");
    }

    @Test
    void rejectedKeyStopsTheRunAtTheFirst401WithoutRetrying() {
        int exit;
        long attempts;
        long unauthorized;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder().apiKeys("a-different-key").start()) {
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--output", dir.resolve("out.jsonl").toString(),
                "--concurrency", "1", "--batch-size", "1"}, console.out, console.err, Map.of(), simulator);
            attempts = simulator.journal().size();
            unauthorized = simulator.journal().count(401);
        }

        assertOneLineError(exit, "credential rejected by https://localhost:");
        assertThat(attempts).isEqualTo(1);
        assertThat(unauthorized).isEqualTo(1);
        assertThat(console.out()).contains("| 401s ").contains("stopped");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        int exit = run(Map.of(), "--help");

        assertThat(exit).isZero();
        assertThat(console.out()).contains("--concurrency=N", "(default: 8)", "--sim-rpm", "--sim-tpm",
            "--sim-window", "--max-retries", "--batch-tokens", "--chunk-tokens", "--dimensions", "--deployment",
            "--output", "AZURE_OPENAI_ENDPOINT").doesNotContain("${DEFAULT-VALUE}");
    }
}
