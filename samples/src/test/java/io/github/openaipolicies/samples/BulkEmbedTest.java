// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import io.github.openaipolicies.samples.bulkembed.Chunk;
import io.github.openaipolicies.samples.bulkembed.Chunker;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BulkEmbedTest {
    private static final String DEPLOYMENT = "emb";
    private static final int DIMENSIONS = 64;
    /**
     * The most 429s among the attempts of the throttled run (3 requests per 2 s, 4 callers): the gate lets the first
     * callers of a window learn the quota and holds the others; without it, about half the attempts are 429s.
     */
    static final double MAX_429_SHARE = 0.34;

    @TempDir
    Path dir;

    static long summaryNumber(String summary, String row) {
        Matcher matcher = Pattern.compile("\\| " + Pattern.quote(row) + " +\\| (\\d+)").matcher(summary);
        assertThat(matcher.find()).as("summary row '%s' in%n%s", row, summary).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    static double summarySeconds(String summary, String row) {
        Matcher matcher = Pattern.compile("\\| " + Pattern.quote(row) + " +\\| (\\d+\\.\\d{3}) s").matcher(summary);
        assertThat(matcher.find()).as("summary row '%s' in%n%s", row, summary).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> readJsonLines(Path file) throws IOException {
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            try (JsonReader reader = JsonProviders.createReader(line)) {
                lines.add((Map<String, Object>) reader.readUntyped());
            }
        }
        return lines;
    }

    @Test
    void embedsEveryChunkUnderThrottlingAndReportsWhatTheSimulatorSaw() throws IOException {
        Path corpus = TestCorpus.write(dir, 3, 8);
        Path output = dir.resolve("out/embeddings.jsonl");
        List<Chunk> expected = new Chunker(40).chunkAll(new CorpusReader(Set.of("md")).read(corpus));
        Console console = new Console();
        int exit;
        Journal journal;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
            .deployment(DEPLOYMENT, 3, 0).window(Duration.ofSeconds(2)).start()) {
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--output", output.toString(),
                "--deployment", DEPLOYMENT, "--dimensions", String.valueOf(DIMENSIONS), "--concurrency", "4",
                "--batch-size", "3", "--batch-tokens", "200", "--chunk-tokens", "40", "--extensions", "md"},
                console.out, console.err, Map.of(), simulator);
            journal = simulator.journal();
        }

        assertThat(exit).as(console.err()).isZero();
        assertThat(console.err()).isEmpty();
        assertThat(console.out()).startsWith("Target: Azure OpenAI simulator at https://localhost:");

        List<Map<String, Object>> lines = readJsonLines(output);
        assertThat(lines).hasSize(expected.size()).hasSizeGreaterThan(20);
        assertThat(lines).allSatisfy(line -> assertThat((List<?>) line.get("vector")).hasSize(DIMENSIONS));
        Set<String> keys = lines.stream().map(line -> line.get("source") + "#" + line.get("chunkIndex"))
            .collect(Collectors.toSet());
        assertThat(keys).hasSize(lines.size())
            .isEqualTo(expected.stream().map(c -> c.source() + "#" + c.index()).collect(Collectors.toSet()));
        Map<String, String> expectedHashes = expected.stream()
            .collect(Collectors.toMap(c -> c.source() + "#" + c.index(), Chunk::sha256));
        assertThat(lines).allSatisfy(line -> assertThat(line.get("sha256"))
            .isEqualTo(expectedHashes.get(line.get("source") + "#" + line.get("chunkIndex"))));
        long distinctTexts = expected.stream().map(Chunk::text).distinct().count();
        assertThat(new HashSet<>(lines.stream().map(line -> line.get("sha256")).toList())).hasSize((int) distinctTexts);

        String summary = console.out();
        long throttled = journal.count(429);
        assertThat(throttled).as("the quota must throttle this run").isPositive();
        assertThat(journal.size()).isEqualTo(journal.count(200) + throttled);
        assertThat((double) throttled / journal.size()).as("429 share: the gate holds the callers back")
            .isLessThanOrEqualTo(MAX_429_SHARE);
        assertThat(summaryNumber(summary, "chunks")).isEqualTo(expected.size());
        assertThat(summary).contains(expected.size() + " embedded of " + expected.size());
        assertThat(summaryNumber(summary, "failed chunks")).isZero();
        assertThat(summaryNumber(summary, "requests")).isEqualTo(journal.count(200));
        assertThat(summaryNumber(summary, "attempts")).isEqualTo(journal.size());
        assertThat(summaryNumber(summary, "429s received")).isEqualTo(throttled);
        assertThat(summaryNumber(summary, "retries")).isEqualTo(throttled);
        assertThat(summaryNumber(summary, "401s")).isZero();
        double longestHold = summarySeconds(summary, "longest hold");
        assertThat(longestHold).as("with 3 requests per 2 s for 4 callers, the gate held attempts").isPositive();
        assertThat(summarySeconds(summary, "held in gate")).isGreaterThanOrEqualTo(longestHold);
        assertThat(summary).contains(output.toAbsolutePath() + " (" + expected.size() + " lines)");
    }

    @Test
    void aBatchThatStillFailsAfterItsRetriesIsCountedAndTheExitStatusIsOne() throws IOException {
        Path corpus = TestCorpus.write(dir, 1, 3);
        Path output = dir.resolve("embeddings.jsonl");
        Console console = new Console();
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            simulator.injectFault(Fault.status(503), 1);
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--output", output.toString(), "--chunk-tokens",
                "40", "--batch-size", "1", "--concurrency", "1", "--max-retries", "0"},
                console.out, console.err, Map.of(), simulator);
        }

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_SOME_FAILED);
        assertThat(summaryNumber(console.out(), "failed chunks")).isEqualTo(1);
        assertThat(console.out()).contains("| chunks             | 2 embedded of 3 ", "completed with failures");
        assertThat(console.errLines()).singleElement().asString()
            .startsWith("bulk-embed: 1 chunks failed (listed in " + dir.resolve("failed.jsonl").toAbsolutePath()
                + "); last error: HTTP 503");
        assertThat(readJsonLines(output)).hasSize(2);
    }

    @Test
    void ctrlCCancelsTheRunPrintsTheSummaryAndLeavesValidJsonLines() throws Exception {
        Path corpus = TestCorpus.write(dir, 2, 6);
        Path output = dir.resolve("embeddings.jsonl");
        CompletableFuture<Void> linesWritten = new CompletableFuture<>();
        // Ctrl-C as soon as the progress line shows a batch embedded: by then the other calls are in flight
        Console console = new Console(line -> {
            if (line.matches("embedded [1-9]\\d*/.*")) {
                linesWritten.complete(null);
            }
        });
        CtrlCHooks hooks = new CtrlCHooks(linesWritten);
        int exit;
        Journal journal;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
            .deployment(DEPLOYMENT, 1, 0).window(Duration.ofSeconds(30)).start()) {
            // one request per 30 s: the first batch is written, every other call waits on its Retry-After
            exit = BulkEmbed.run(new String[] {corpus.toString(), "--output", output.toString(),
                "--deployment", DEPLOYMENT, "--batch-size", "2", "--chunk-tokens", "40", "--concurrency", "4",
                "--progress-interval", "20ms"}, console.out, console.err, Map.of(), simulator, hooks);
            journal = simulator.journal();
        }
        hooks.started.join(10_000);

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_INTERRUPTED);
        assertThat(hooks.removed).isTrue();
        String summary = console.out();
        assertThat(summary).contains("| BulkEmbed ").contains("interrupted");
        assertThat(console.errLines()).singleElement().asString().contains("interrupted");
        long embedded = summaryNumber(summary, "chunks");
        List<Map<String, Object>> lines = readJsonLines(output);
        assertThat(lines).as("lines were written before Ctrl-C, each one valid JSON").hasSize((int) embedded)
            .isNotEmpty().allSatisfy(line -> assertThat((List<?>) line.get("vector")).isNotEmpty());
        assertThat(summary).doesNotContain(embedded + " embedded of " + embedded);
        long requests = summaryNumber(summary, "requests");
        assertThat(requests).as("calls were in flight when Ctrl-C came").isGreaterThan(journal.count(200));
        assertThat(journal.count(429)).as("the calls in flight were waiting on their Retry-After").isPositive();
    }

    /** Plays Ctrl-C when a trigger fires, once the run has registered its hook. */
    private static final class CtrlCHooks implements ShutdownHooks {
        private final CompletableFuture<Void> trigger;
        Thread started = new Thread(() -> { });
        boolean removed;

        CtrlCHooks(CompletableFuture<Void> trigger) {
            this.trigger = trigger;
        }

        @Override
        public void add(Thread hook) {
            started = hook;
            trigger.thenRun(hook::start);
        }

        @Override
        public void remove(Thread hook) {
            removed = hook == started;
        }
    }
}
