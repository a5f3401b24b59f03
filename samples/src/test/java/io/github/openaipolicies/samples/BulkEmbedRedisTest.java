// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import io.github.openaipolicies.redis.RedisExtension;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code BulkEmbed --redis}: two runs on different corpora share one deployment's quota through one Redis. */
class BulkEmbedRedisTest {
    private static final String DEPLOYMENT = "emb";

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @TempDir
    Path dir;

    @Test
    void twoRunsOnDifferentCorporaAskOneRedisForEveryAttempt() throws Exception {
        Path first = TestCorpus.write(Files.createDirectories(dir.resolve("a")), 2, 6);
        Path second = TestCorpus.write(Files.createDirectories(dir.resolve("b")), 2, 6);
        Console firstConsole = new Console();
        Console secondConsole = new Console();
        int firstExit;
        int secondExit;
        int attempts;
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder()
            .deployment(DEPLOYMENT, 4, 0).window(Duration.ofSeconds(1)).start()) {
            CompletableFuture<Integer> one = CompletableFuture.supplyAsync(
                () -> run(first, dir.resolve("a/out.jsonl"), firstConsole, simulator));
            CompletableFuture<Integer> two = CompletableFuture.supplyAsync(
                () -> run(second, dir.resolve("b/out.jsonl"), secondConsole, simulator));
            firstExit = one.get();
            secondExit = two.get();
            attempts = simulator.journal().entries(DEPLOYMENT).size();
        }

        assertThat(firstExit).as(firstConsole.err()).isZero();
        assertThat(secondExit).as(secondConsole.err()).isZero();
        assertThat(firstConsole.out()).contains("Gate:   shared through Redis at ");
        List<String> keys = REDIS.admin().keys("openai-pipeline:gate:*");
        assertThat(keys).singleElement().asString().endsWith("/openai/deployments/" + DEPLOYMENT);
        assertThat(REDIS.admin().hget(keys.get(0), "g")).as("one Redis grant per attempt of both runs")
            .isEqualTo(Integer.toString(attempts));
    }

    @Test
    void aRedisUrlThatIsNotOneIsBadInput() throws IOException {
        Path corpus = TestCorpus.write(dir, 1, 2);
        Console console = new Console();

        int exit = BulkEmbed.run(new String[] {corpus.toString(), "--redis", "http://localhost:6379"}, console.out,
            console.err, Map.of());

        assertThat(exit).isEqualTo(BulkEmbed.EXIT_BAD_INPUT);
        assertThat(console.errLines()).singleElement().asString()
            .contains("--redis http://localhost:6379 is not a Redis URL such as redis://localhost:6379");
    }

    private int run(Path corpus, Path output, Console console, AzureOpenAISimulator simulator) {
        return BulkEmbed.run(new String[] {corpus.toString(), "--output", output.toString(), "--deployment",
            DEPLOYMENT, "--dimensions", "16", "--concurrency", "4", "--batch-size", "2", "--batch-tokens", "200",
            "--chunk-tokens", "40", "--extensions", "md", "--redis", REDIS.url()}, console.out, console.err,
            Map.of(), simulator);
    }
}
