// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

    /** A local port nothing listens on (reactor-netty misreads the one-digit port of https://127.0.0.1:1). */
    private static String closedEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "https://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void unreachableEndpointWithAKey() throws IOException {
        String endpoint = closedEndpoint();
        Map<String, String> env = Map.of("AZURE_OPENAI_ENDPOINT", endpoint, "AZURE_OPENAI_API_KEY", "not-a-real-key");

        assertOneLineError(run(env, corpus.toString(), "--output", dir.resolve("out.jsonl").toString()),
            "cannot reach endpoint " + endpoint + ": connection refused");
        assertThat(console.out()).startsWith("Target: Azure OpenAI at " + endpoint + ", deployment"
            + " text-embedding-3-small, API key from AZURE_OPENAI_API_KEY");
    }

    @Test
    void unreachableEndpointWithEntraId() throws IOException {
        String endpoint = closedEndpoint();
        Map<String, String> env = Map.of("AZURE_OPENAI_ENDPOINT", endpoint,
            "AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT", "my-embeddings");

        assertOneLineError(run(env, corpus.toString(), "--output", dir.resolve("out.jsonl").toString()),
            "cannot reach endpoint " + endpoint + ": connection refused");
        assertThat(console.out()).startsWith("Target: Azure OpenAI at " + endpoint + ", deployment my-embeddings,"
            + " Microsoft Entra ID (DefaultAzureCredential)");
    }

    @Test
    void batchSizeAboveAzuresLimitIsRefusedBeforeAnyCall() {
        assertOneLineError(run(Map.of(), corpus.toString(), "--batch-size", "2049"),
            "--batch-size 2049 is above Azure OpenAI's limit of 2048 inputs per request");
        assertThat(console.out()).as("nothing started").isEmpty();
    }

    @Test
    void chunkTokensAboveThePerInputLimitIsRefusedBeforeAnyCall() {
        assertOneLineError(run(Map.of(), corpus.toString(), "--chunk-tokens", "8192", "--batch-tokens", "300000"),
            "--chunk-tokens 8192 is above 8000, the limit of 8191 tokens per input less a safety margin");
        assertThat(console.out()).isEmpty();
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
    void anExistingOutputIsRefusedWithoutOverwriteAndLeftAsItWas() throws IOException {
        Path output = Files.writeString(dir.resolve("out.jsonl"), "previous run\n");
        int exit;
        long calls;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--output", output.toString()}, console.out,
                console.err, Map.of(), simulator);
            calls = simulator.journal().size();
        }

        assertOneLineError(exit, "output " + output.toAbsolutePath() + " already exists: pass --overwrite");
        assertThat(calls).isZero();
        assertThat(Files.readString(output)).isEqualTo("previous run\n");
    }

    @Test
    void overwriteDoesNotTruncateBeforeTheFirstVector() throws IOException {
        Path output = Files.writeString(dir.resolve("out.jsonl"), "previous run\n");
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder().apiKeys("a-different-key").start()) {
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--output", output.toString(), "--overwrite"},
                console.out, console.err, Map.of(), simulator);
        }

        assertOneLineError(exit, "credential rejected by https://localhost:");
        assertThat(Files.readString(output)).as("the 401 came before any vector").isEqualTo("previous run\n");
    }

    @Test
    void anUnexpectedErrorExitsWithFour() {
        ShutdownHooks broken = new ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                throw new IllegalStateException("no hooks today");
            }

            @Override
            public void remove(Thread hook) {
            }
        };
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--output", dir.resolve("o.jsonl").toString()},
                console.out, console.err, Map.of(), simulator, broken);
        }

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_UNEXPECTED);
        assertThat(console.errLines()).singleElement().asString()
            .isEqualTo("bulk-embed: unexpected error: java.lang.IllegalStateException: no hooks today");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        int exit = run(Map.of(), "--help");

        assertThat(exit).isZero();
        assertThat(console.out()).contains("--concurrency=N", "(default: 8)", "--sim-rpm", "--sim-tpm",
            "--sim-window", "--max-retries", "--batch-tokens", "--chunk-tokens", "--dimensions", "--deployment",
            "--output", "--overwrite", "--exclude", "--follow-links", "--log", "AZURE_OPENAI_ENDPOINT",
            "3 output cannot be written", "4 unexpected error").doesNotContain("${DEFAULT-VALUE}");
    }
}
