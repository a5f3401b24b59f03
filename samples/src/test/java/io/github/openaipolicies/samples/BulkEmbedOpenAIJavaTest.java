// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import io.github.openaipolicies.samples.bulkembed.Chunk;
import io.github.openaipolicies.samples.bulkembed.Chunker;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.Journal;
import io.github.openaipolicies.testkit.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.github.openaipolicies.samples.BulkEmbedTest.readJsonLines;
import static io.github.openaipolicies.samples.BulkEmbedTest.summaryNumber;
import static io.github.openaipolicies.samples.BulkEmbedTest.summarySeconds;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code BulkEmbed --client openai-java}: the same job through openai-java and {@code OpenAIJavaPolicies}. */
class BulkEmbedOpenAIJavaTest {
    private static final String DEPLOYMENT = "emb";
    private static final int DIMENSIONS = 64;

    @TempDir
    Path dir;

    @Test
    void embedsEveryChunkOnceUnderThrottlingOnTheV1ShapeWithOneApiKeyPerAttempt() throws IOException {
        Path corpus = TestCorpus.write(dir, 3, 8);
        Path output = dir.resolve("out/embeddings.jsonl");
        List<Chunk> expected = new Chunker(40).chunkAll(new CorpusReader(Set.of("md")).read(corpus));
        Console console = new Console();
        int exit;
        Journal journal;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
            .deployment(DEPLOYMENT, 3, 0).window(Duration.ofSeconds(2)).start()) {
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--client", "openai-java",
                "--output", output.toString(), "--deployment", DEPLOYMENT, "--dimensions", String.valueOf(DIMENSIONS),
                "--concurrency", "4", "--batch-size", "3", "--batch-tokens", "200", "--chunk-tokens", "40",
                "--extensions", "md"}, console.out, console.err, Map.of(), simulator);
            journal = simulator.journal();
        }

        assertThat(exit).as(console.err()).isZero();
        assertThat(console.err()).isEmpty();
        assertThat(console.out()).contains("Client: openai-java OpenAIClientAsync at https://localhost:")
            .contains("/openai/v1 (model " + DEPLOYMENT + ")");

        List<Map<String, Object>> lines = readJsonLines(output);
        assertThat(lines).hasSize(expected.size()).hasSizeGreaterThan(20);
        assertThat(lines).allSatisfy(line -> assertThat((List<?>) line.get("vector")).hasSize(DIMENSIONS));
        assertThat(lines.stream().map(line -> line.get("source") + "#" + line.get("chunkIndex"))
            .collect(Collectors.toList()))
            .as("every chunk embedded exactly once")
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected.stream().map(c -> c.source() + "#" + c.index()).toList());
        Map<String, String> expectedHashes = expected.stream()
            .collect(Collectors.toMap(c -> c.source() + "#" + c.index(), Chunk::sha256));
        assertThat(lines).allSatisfy(line -> assertThat(line.get("sha256"))
            .isEqualTo(expectedHashes.get(line.get("source") + "#" + line.get("chunkIndex"))));

        assertThat(journal.entries()).allSatisfy(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.AZURE_V1_EMBEDDINGS);
            assertThat(entry.deployment()).isEqualTo(DEPLOYMENT);
            assertThat(entry.apiKeyValueCount()).isEqualTo(1);
            assertThat(entry.authorizationValueCount()).isZero();
        });
        long throttled = journal.count(429);
        assertThat(throttled).as("the quota must throttle this run").isPositive();
        assertThat(journal.size()).isEqualTo(journal.count(200) + throttled);
        assertThat((double) throttled / journal.size()).as("429 share: the gate holds the callers back")
            .isLessThanOrEqualTo(BulkEmbedTest.MAX_429_SHARE);

        String summary = console.out();
        assertThat(summary).contains(expected.size() + " embedded of " + expected.size());
        assertThat(summaryNumber(summary, "failed chunks")).isZero();
        assertThat(summaryNumber(summary, "requests")).isEqualTo(journal.count(200));
        assertThat(summaryNumber(summary, "attempts")).isEqualTo(journal.size());
        assertThat(summaryNumber(summary, "429s received")).isEqualTo(throttled);
        assertThat(summaryNumber(summary, "retries")).isEqualTo(throttled);
        double longestHold = summarySeconds(summary, "longest hold");
        assertThat(longestHold).as("with 3 requests per 2 s for 4 callers, the gate held attempts").isPositive();
        assertThat(summarySeconds(summary, "held in gate")).isGreaterThanOrEqualTo(longestHold);
    }

    @Test
    void aBatchThatStillFailsAfterItsRetriesIsRecordedWithTheServiceStatus() throws IOException {
        Path corpus = TestCorpus.write(dir, 1, 3);
        Path output = dir.resolve("embeddings.jsonl");
        Console console = new Console();
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            simulator.injectFault(Fault.status(503), 1);
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--client", "openai-java", "--output",
                output.toString(), "--chunk-tokens", "40", "--batch-size", "1", "--concurrency", "1",
                "--max-retries", "0"}, console.out, console.err, Map.of(), simulator);
            assertThat(simulator.journal().count(503)).as("openai-java did not retry the 503 again").isEqualTo(1);
        }

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_SOME_FAILED);
        assertThat(summaryNumber(console.out(), "failed chunks")).isEqualTo(1);
        assertThat(console.errLines()).singleElement().asString()
            .startsWith("bulk-embed: 1 chunks failed (listed in " + dir.resolve("failed.jsonl").toAbsolutePath()
                + "); last error: HTTP 503");
        assertThat(readJsonLines(output)).hasSize(2);
    }

    @Test
    void aRejectedKeyStopsTheRunWithTheCredentialMessage() throws IOException {
        Path corpus = TestCorpus.write(dir, 1, 3);
        Console console = new Console();
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            simulator.injectFault(Fault.status(401), 1);
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--client", "openai-java", "--output",
                dir.resolve("embeddings.jsonl").toString(), "--chunk-tokens", "40", "--batch-size", "1",
                "--concurrency", "1"}, console.out, console.err, Map.of(), simulator);
        }

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_BAD_INPUT);
        assertThat(console.errLines()).singleElement().asString()
            .startsWith("bulk-embed: credential rejected by https://localhost:").contains("(HTTP 401)");
    }

    @Test
    void anUnknownClientIsBadInput() {
        Console console = new Console();

        int exit = BulkEmbed.run(new String[] {"--client", "openai-python"}, console.out, console.err, Map.of());

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_BAD_INPUT);
        assertThat(console.errLines()).singleElement().asString()
            .contains("'openai-python' is not one of azure-ai-openai, openai-java");
    }
}
