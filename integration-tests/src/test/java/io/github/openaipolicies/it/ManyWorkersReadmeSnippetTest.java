// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.implementation.OpenAIClientImpl;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpPipeline;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.ThrottleGatePolicy;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.redis.RedisThrottleGate;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Many workers" snippet of README.md: it is the body of {@link #manyWorkers}, between the markers, so the build
 * compiles it; the tests check that README.md shows it word for word, and that the client it builds has the Redis gate
 * in its pipeline and answers even with no Redis at that address (the gate then falls back to memory).
 */
class ManyWorkersReadmeSnippetTest {
    private static final Path THIS_FILE = Path.of("src", "test", "java", "io", "github", "openaipolicies", "it",
        "ManyWorkersReadmeSnippetTest.java");
    private static final Path README = Path.of("..", "README.md");
    private static final String DEPLOYMENT = "readme-many-workers";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(DEPLOYMENT, 0, 0));

    private static ThrottleGate manyWorkers(OpenAIClientBuilder builder, List<OpenAIClient> built) {
        // BEGIN readme-many-workers
        ThrottleGate gate = RedisThrottleGate.create(RedisClient.create("redis://localhost:6379"));
        OpenAIClient client = OpenAIPipelines.install(builder, new OpenAIPipelineOptions().setThrottleGate(gate)).buildClient();
        // END readme-many-workers
        built.add(client);
        return gate;
    }

    @Test
    void readmeShowsTheSnippetVerbatim() throws IOException {
        String code = snippet(Files.readString(THIS_FILE, StandardCharsets.UTF_8));

        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains("```java\n" + code + "```\n");
    }

    @Test
    void theSnippetsClientHasTheRedisGateAndAnswersWithoutRedis() throws ReflectiveOperationException {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        OpenAIClientBuilder builder = new OpenAIClientBuilder().endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY))
            .httpClient(simulator.httpClient());
        List<OpenAIClient> built = new ArrayList<>();

        ThrottleGate gate = manyWorkers(builder, built);
        try {
            assertThat(gate).isInstanceOf(RedisThrottleGate.class);
            assertThat(gatesIn(pipelineOf(built.get(0)))).containsExactly(gate);

            assertThat(built.get(0).getEmbeddings(DEPLOYMENT, new EmbeddingsOptions(List.of("hello"))).getData())
                .hasSize(1);
            assertThat(simulator.journal().entries(DEPLOYMENT)).hasSize(1);
        } finally {
            ((RedisThrottleGate) gate).close();
        }
    }

    private static List<ThrottleGate> gatesIn(HttpPipeline pipeline) {
        List<ThrottleGate> gates = new ArrayList<>();
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            if (pipeline.getPolicy(i) instanceof ThrottleGatePolicy policy) {
                gates.add(policy.getGate());
            }
        }
        return gates;
    }

    /** azure-ai-openai 1.0.0-beta.16 keeps the pipeline in the client's private 'serviceClient'. */
    private static HttpPipeline pipelineOf(OpenAIClient client) throws ReflectiveOperationException {
        Field serviceField = OpenAIClient.class.getDeclaredField("serviceClient");
        serviceField.setAccessible(true);
        return ((OpenAIClientImpl) serviceField.get(client)).getHttpPipeline();
    }

    private static String snippet(String source) {
        List<String> lines = source.lines().toList();
        int begin = lines.indexOf("        // BEGIN readme-many-workers");
        int end = lines.indexOf("        // END readme-many-workers");
        assertThat(begin).as("BEGIN marker").isNotNegative();
        assertThat(end).as("END marker").isGreaterThan(begin);
        List<String> body = new ArrayList<>();
        for (String line : lines.subList(begin + 1, end)) {
            body.add(line.substring(8));
        }
        return String.join("\n", body) + "\n";
    }
}
