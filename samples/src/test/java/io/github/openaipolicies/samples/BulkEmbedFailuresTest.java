// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.github.openaipolicies.samples.bulkembed.Chunk;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.Journal;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.github.openaipolicies.samples.BulkEmbedTest.readJsonLines;
import static io.github.openaipolicies.samples.BulkEmbedTest.summaryNumber;
import static org.assertj.core.api.Assertions.assertThat;

/** How BulkEmbed isolates, records and stops on failures, against the simulator. */
class BulkEmbedFailuresTest {
    private static final String CONTEXT_LENGTH_BODY = "{\"error\":{\"message\":\"This model's maximum context length"
        + " is 8192 tokens, however you requested 9120 tokens (9120 in your prompt; 0 for the completion). Please"
        + " reduce your prompt; or completion length.\",\"type\":\"invalid_request_error\",\"param\":null,"
        + "\"code\":null}}";
    private static final String NO_DIMENSIONS_BODY = "{\"error\":{\"message\":\"This model does not support"
        + " specifying dimensions.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";

    @TempDir
    Path dir;

    private final Console console = new Console();

    /** One file of {@code paragraphs} distinct paragraphs of about 120 characters, one chunk each at 40 tokens. */
    private Path corpus(int paragraphs, int poisonAt) throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < paragraphs; p++) {
            text.append("Paragraph ").append(p).append(p == poisonAt ? " POISON" : "")
                .append(": throttled imports retry after the delay the service asks for, with one credential"
                    + " per attempt.\n\n");
        }
        Files.writeString(corpus.resolve("doc.md"), text);
        return corpus;
    }

    private int run(AzureOpenAISimulator simulator, UnaryOperator<HttpClient> transport, String... args) {
        return BulkEmbed.run(args, console.out, console.err, Map.of(), simulator, ShutdownHooks.JVM, transport);
    }

    @Test
    void aRefusedBatchIsBisectedDownToThePoisonChunkAndTheOtherFifteenAreStored() throws IOException {
        Path output = dir.resolve("out/embeddings.jsonl");
        int exit;
        Journal journal;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            exit = run(simulator, PoisonTransport.refusing(simulator, "POISON",
                    Fault.status(400).withBody(CONTEXT_LENGTH_BODY)),
                corpus(16, 5).toString(), "--output", output.toString(), "--chunk-tokens", "40", "--batch-size", "16",
                "--concurrency", "1");
            journal = simulator.journal();
        }

        assertThat(exit).as(console.err()).isEqualTo(BulkEmbed.EXIT_SOME_FAILED);
        List<Map<String, Object>> lines = readJsonLines(output);
        assertThat(lines).hasSize(15).extracting(line -> line.get("chunkIndex")).doesNotContain(5);
        // 16 -> 8 -> 4 -> 2 -> 1: one refusal per level, and the good half of every split is sent once
        assertThat(journal.count(400)).isEqualTo(5);
        assertThat(journal.size()).isEqualTo(9);
        Path failed = dir.resolve("out/failed.jsonl");
        List<Map<String, Object>> failures = readJsonLines(failed);
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure).containsEntry("source", "doc.md").containsEntry("chunkIndex", 5)
                .containsEntry("status", 400).containsEntry("code", "invalid_request_error");
            assertThat(failure.get("sha256")).isEqualTo(Chunk.sha256("Paragraph 5 POISON: throttled imports retry"
                + " after the delay the service asks for, with one credential per attempt."));
            assertThat((String) failure.get("message")).startsWith("This model's maximum context length is 8192");
        });
        assertThat(summaryNumber(console.out(), "failed chunks")).isEqualTo(1);
        assertThat(console.out()).contains("1 (listed in " + failed.toAbsolutePath() + ")");
        assertThat(console.errLines()).singleElement().asString()
            .startsWith("bulk-embed: 1 chunks failed (listed in " + failed.toAbsolutePath() + "); last error:"
                + " HTTP 400 invalid_request_error: This model's maximum context length");
    }

    @Test
    void theSameRefusalForSeveralBatchesStopsTheRunEarlyWithExitTwo() throws IOException {
        int exit;
        Journal journal;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            simulator.injectFault(Fault.status(400).withBody(NO_DIMENSIONS_BODY), 1000);
            // 40 chunks in 10 batches of 4, each refused
            exit = run(simulator, UnaryOperator.identity(), corpus(40, -1).toString(), "--output",
                dir.resolve("e.jsonl").toString(), "--chunk-tokens", "40", "--batch-size", "4", "--concurrency", "1",
                "--dimensions", "64");
            journal = simulator.journal();
        }

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_BAD_INPUT);
        assertThat(console.errLines()).singleElement().asString().isEqualTo("bulk-embed: stopped: the service refused"
            + " 3 different batches the same way (HTTP 400 invalid_request_error: This model does not support"
            + " specifying dimensions.): deployment 'text-embedding-3-small' does not support --dimensions: leave it"
            + " out");
        // each of the first two batches: itself and its two halves, refused alike; the third: itself
        assertThat(journal.size()).isEqualTo(7).isEqualTo((int) journal.count(400));
        assertThat(console.out()).contains("| BulkEmbed ", "stopped");
    }

    @Test
    void aWriteFailureStopsTheRunAtOnceWithExitThreeWithoutFurtherCalls() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full (Linux) as a full disk");
        int exit;
        long calls;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            // 30 chunks in 15 batches; 4 calls in flight at most when the first write fails
            exit = run(simulator, UnaryOperator.identity(), corpus(30, -1).toString(), "--output", full.toString(),
                "--overwrite", "--chunk-tokens", "40", "--batch-size", "2", "--concurrency", "4");
            calls = simulator.journal().size();
        }

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_OUTPUT_FAILED);
        assertThat(console.errLines()).singleElement().asString()
            .startsWith("bulk-embed: cannot write output /dev/full: ")
            .endsWith("; stopped, calls in flight cancelled");
        assertThat(calls).as("no call after the failed write").isLessThanOrEqualTo(4);
        assertThat(console.out()).contains("stopped: cannot write output");
    }

    @Test
    void vectorsOfTheWrongLengthFailTheirBatchWithAClearMessage() throws IOException {
        Path output = dir.resolve("e.jsonl");
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            // the request loses its "dimensions" on the way, so the simulator answers its default 256 floats
            UnaryOperator<HttpClient> dropDimensions = client -> new HttpClient() {
                @Override
                public Mono<HttpResponse> send(HttpRequest request) {
                    return send(request, Context.NONE);
                }

                @Override
                public Mono<HttpResponse> send(HttpRequest request, Context context) {
                    String body = request.getBodyAsBinaryData().toString();
                    return client.send(request.setBody(body.replaceAll(",?\"dimensions\":\\d+", "")
                        .replace("{,", "{")), context);
                }
            };
            exit = run(simulator, dropDimensions, corpus(12, -1).toString(), "--output", output.toString(),
                "--chunk-tokens", "40", "--batch-size", "2", "--concurrency", "1", "--dimensions", "64");
        }

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_BAD_INPUT);
        assertThat(console.errLines()).singleElement().asString().endsWith("deployment 'text-embedding-3-small'"
            + " returned vectors of 256 floats, --dimensions asks for 64");
        assertThat(Files.exists(output)).as("no wrong vector written").isFalse();
        assertThat(readJsonLines(dir.resolve("failed.jsonl"))).hasSize(6)
            .allSatisfy(failure -> assertThat(failure).containsEntry("code", "wrong_dimensions"));
    }
}
