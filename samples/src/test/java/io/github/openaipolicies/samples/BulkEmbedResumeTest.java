// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import io.github.openaipolicies.samples.bulkembed.Chunk;
import io.github.openaipolicies.samples.bulkembed.Chunker;
import io.github.openaipolicies.samples.bulkembed.CorpusReader;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.implementation.SimulatorTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.github.openaipolicies.samples.BulkEmbedTest.readJsonLines;
import static io.github.openaipolicies.samples.BulkEmbedTest.summaryNumber;
import static org.assertj.core.api.Assertions.assertThat;

/** A BulkEmbed process killed hard in the middle of its run, then resumed: nothing lost, nothing twice. */
class BulkEmbedResumeTest {
    private static final Pattern EMBEDDED = Pattern.compile("embedded (\\d+)/");
    private static final Pattern RESUMED = Pattern.compile("Resume: (\\d+) chunks in the output already");

    @TempDir
    Path dir;

    @Test
    void aRunKilledAtARandomPointAndResumedHasEveryChunkExactlyOnce() throws Exception {
        long seed = Long.getLong("bulkembed.resume.seed", System.nanoTime());
        System.out.println("BulkEmbedResumeTest seed=" + seed + " (replay: -Dbulkembed.resume.seed=" + seed + ")");
        Path corpus = TestCorpus.write(dir, 3, 30);
        Path output = dir.resolve("out/embeddings.jsonl");
        List<Chunk> expected = new Chunker(40).chunkAll(new CorpusReader(java.util.Set.of("md")).read(corpus));
        int killAfter = 2 + new SplittableRandom(seed).nextInt(expected.size() - 10);
        String[] args = {corpus.toString(), "--output", output.toString(), "--chunk-tokens", "40", "--batch-size",
            "2", "--concurrency", "4", "--extensions", "md", "--progress-interval", "20ms"};

        Console console = new Console();
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
            .deployment(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, 8, 0).window(Duration.ofSeconds(1)).start()) {
            int seen = killWhenEmbedded(simulator, args, killAfter);
            System.out.println("killed after " + seen + " chunks embedded (target " + killAfter + " of "
                + expected.size() + ")");
            assertThat(seen).as("killed in the middle of the run").isBetween(killAfter, expected.size() - 1);

            exit = BulkEmbed.run(withResume(args), console.out, console.err, Map.of(), simulator);
        }

        assertThat(exit).as(console.err()).isZero();
        List<Map<String, Object>> lines = readJsonLines(output); // every line parses
        Map<String, Long> counts = lines.stream().collect(Collectors.groupingBy(
            line -> line.get("source") + "#" + line.get("chunkIndex") + "#" + line.get("sha256"),
            Collectors.counting()));
        assertThat(counts.keySet()).isEqualTo(expected.stream().map(c -> c.source() + "#" + c.index() + "#"
            + c.sha256()).collect(Collectors.toSet()));
        assertThat(counts.values()).as("every chunk exactly once").containsOnly(1L);
        Matcher resumed = RESUMED.matcher(console.out());
        assertThat(resumed.find()).as(console.out()).isTrue();
        long alreadyDone = Long.parseLong(resumed.group(1));
        assertThat(alreadyDone).isPositive();
        assertThat(console.out()).contains("| already done       | " + alreadyDone + " chunks skipped");
        assertThat(summaryNumber(console.out(), "chunks")).isEqualTo(expected.size() - alreadyDone);
    }

    @Test
    void aTornLastLineIsRewrittenOnResume() throws Exception {
        Path corpus = TestCorpus.write(dir, 1, 6);
        Path output = dir.resolve("embeddings.jsonl");
        String[] args = {corpus.toString(), "--output", output.toString(), "--chunk-tokens", "40"};
        Console first = new Console();
        Console second = new Console();
        int exit;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            assertThat(BulkEmbed.run(args, first.out, first.err, Map.of(), simulator)).isZero();
            List<String> written = Files.readAllLines(output);
            // as a kill in the middle of the last write leaves it: the last line cut short, no line break
            Files.writeString(output, String.join("\n", written.subList(0, written.size() - 1)) + "\n"
                + written.get(written.size() - 1).substring(0, 30));
            exit = BulkEmbed.run(withResume(args), second.out, second.err, Map.of(), simulator);
        }

        assertThat(exit).as(second.err()).isZero();
        assertThat(second.out()).contains("(a torn last line of 30 bytes was cut off)");
        List<Map<String, Object>> lines = readJsonLines(output);
        assertThat(lines).hasSize((int) summaryNumber(first.out(), "chunks"));
        assertThat(summaryNumber(second.out(), "chunks")).isEqualTo(1);
    }

    private static String[] withResume(String[] args) {
        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        return resume;
    }

    /** Starts BulkEmbed as a process against the simulator and kills it hard once its progress shows enough. */
    private int killWhenEmbedded(AzureOpenAISimulator simulator, String[] args, int killAfter) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djavax.net.ssl.trustStore=" + SimulatorTls.keystorePath(),
            "-Djavax.net.ssl.trustStorePassword=" + SimulatorTls.keystorePassword(),
            "-Djavax.net.ssl.trustStoreType=" + SimulatorTls.keystoreType(),
            "-cp", System.getProperty("java.class.path"), BulkEmbed.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("child.err").toFile());
        builder.environment().put("AZURE_OPENAI_ENDPOINT", simulator.endpoint());
        builder.environment().put("AZURE_OPENAI_API_KEY", AzureOpenAISimulator.DEFAULT_API_KEY);
        builder.environment().remove("AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT");
        Process child = builder.start();
        int seen = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && seen < killAfter; line = lines.readLine()) {
                Matcher matcher = EMBEDDED.matcher(line);
                if (matcher.find()) {
                    seen = Integer.parseInt(matcher.group(1));
                }
            }
            child.destroyForcibly();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return seen;
    }
}
