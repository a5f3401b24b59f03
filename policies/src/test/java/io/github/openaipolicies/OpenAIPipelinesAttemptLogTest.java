// Licensed under the MIT License.
package io.github.openaipolicies;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attempt number in the log lines of real pipelines, built each of the three ways: every attempt of a call that
 * was throttled twice is logged by {@link RequestLoggingPolicy} with its own number, 1, 2, 3, and azure-core's
 * {@link HttpLoggingPolicy} in the same pipeline prints the same number as the {@code tryCount} of its request line.
 */
class OpenAIPipelinesAttemptLogTest {
    private static final String KEY = "key-0123456789";
    private static final String ENDPOINT = "https://example.openai.azure.com";

    enum Construction {
        INSTALL, BUILDER, HARDEN
    }

    static Stream<Arguments> constructionsAndPaths() {
        return Arrays.stream(Construction.values())
            .flatMap(construction -> Arrays.stream(CallPath.values()).map(path -> Arguments.of(construction, path)));
    }

    private static HttpLoggingPolicy httpLogging() {
        return new HttpLoggingPolicy(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.BASIC));
    }

    private static void call(Construction construction, CallPath path, ScriptedHttpClient client) {
        if (construction == Construction.INSTALL) {
            OpenAIClientBuilder builder = OpenAIPipelines.install(new OpenAIClientBuilder().endpoint(ENDPOINT)
                .credential(new AzureKeyCredential(KEY)).httpClient(client)
                .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.BASIC)));
            EmbeddingsOptions input = new EmbeddingsOptions(List.of("hello"));
            if (path == CallPath.SYNC) {
                builder.buildClient().getEmbeddings("embed", input);
            } else {
                builder.buildAsyncClient().getEmbeddings("embed", input).block();
            }
            return;
        }
        HttpPipeline pipeline = construction == Construction.BUILDER
            ? OpenAIPipelines.builder().httpClient(client).credential(new AzureKeyCredential(KEY))
                .addPolicy(httpLogging()).build()
            : OpenAIPipelines.harden(new HttpPipelineBuilder().httpClient(client).policies(new UserAgentPolicy(),
                new RequestIdPolicy(), PipelineTestPolicies.stockRetry(),
                new AzureKeyCredentialPolicy("api-key", new AzureKeyCredential(KEY)), httpLogging()).build());
        HttpRequest request = new HttpRequest(HttpMethod.POST, ENDPOINT + "/openai/deployments/embed/embeddings")
            .setBody("{\"input\":\"hello\"}");
        path.send(pipeline, request).close();
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("constructionsAndPaths")
    void everyAttemptIsLoggedWithItsNumber(Construction construction, CallPath path) {
        ScriptedHttpClient client = OpenAIPipelinesInstallTest.throttledThenEmbeddings(2);

        try (LogCapture logs = new LogCapture().start()) {
            call(construction, path, client);

            assertThat(client.attemptCount()).isEqualTo(3);
            assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class))
                .map(line -> line.get("attempt")).containsExactly(1, 2, 3);
            assertThat(logs.events()).map(ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.startsWith("{\"az.sdk.message\":\"HTTP request\""))
                .map(message -> LoggedLines.keyValues(message).get("tryCount"))
                .as("azure-core's HttpLoggingPolicy (its logger is named after the calling method)")
                .containsExactly(1, 2, 3);
        }
    }
}
