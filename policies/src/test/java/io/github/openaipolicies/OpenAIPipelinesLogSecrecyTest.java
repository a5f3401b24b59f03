// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.KeyCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.util.Context;
import io.github.openaipolicies.PipelineTestPolicies.AddHeaderPolicy;
import io.github.openaipolicies.TestCredentials.ScriptedTokenCredential;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the pipelines of {@link OpenAIPipelines#builder()} and {@link OpenAIPipelines#install} with known key and
 * token values through throttled calls (whose bodies echo the credential), every logger at its most verbose level and
 * body logging on, and proves that neither value appears anywhere in the log output.
 */
class OpenAIPipelinesLogSecrecyTest {
    private static final String KEY = "key-SECRET-7777";
    private static final String TOKEN = "token-SECRET-8888";
    private static final String OTHER_KEY = "other-SECRET-9999";
    private static final List<String> SECRETS = List.of(KEY, TOKEN, OTHER_KEY);
    @RegisterExtension
    final LogCapture logs = new LogCapture();

    /**
     * 429, 429, 200; the 429 bodies echo {@code echoed}, as a careless server or proxy might echo the credential it
     * received.
     */
    private static ScriptedHttpClient throttledTwiceThenEmbeddings(String echoed) {
        String body = "{\"error\":{\"code\":\"429\",\"message\":\"Requests exceeded the rate limit. Please retry "
            + "after 0 seconds. You sent " + echoed + "\"}}";
        HttpHeaders throttled = ScriptedHttpClient.headers(PipelineTestPolicies.NO_WAIT_429)
            .set(HttpHeaderName.CONTENT_TYPE, "application/json")
            .set(HttpHeaderName.CONTENT_LENGTH, String.valueOf(body.length()));
        return new ScriptedHttpClient()
            .respond(429, throttled, body).times(2)
            .respond(200, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json"),
                OpenAIPipelinesInstallTest.EMBEDDINGS_JSON);
    }

    private void assertNoSecretLogged(int expectedAttemptLines) {
        String all = logs.allText();
        assertThat(logs.messages(RequestLoggingPolicy.class)).as("the attempts were logged")
            .hasSize(expectedAttemptLines);
        assertThat(all).contains("429");
        for (String secret : SECRETS) {
            assertThat(all).doesNotContain(secret);
        }
    }

    private static HttpResponse send(HttpPipeline pipeline, boolean sync) {
        HttpRequest request = new HttpRequest(HttpMethod.POST,
            "https://example.openai.azure.com/openai/deployments/d/embeddings?api-version=2024-06-01&sig=" + KEY)
            .setBody("{\"input\":\"hello\"}");
        return sync ? pipeline.sendSync(request, Context.NONE) : pipeline.send(request).block();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void builderPipelinesLogNoCredential(boolean sync) {
        List<OpenAIPipelineBuilder> builders = List.of(
            OpenAIPipelines.builder().credential(new AzureKeyCredential(KEY)),
            OpenAIPipelines.builder().credential(new KeyCredential(KEY)),
            OpenAIPipelines.builder().credential(ScriptedTokenCredential.valid(TOKEN)),
            OpenAIPipelines.builder().credential(new AzureKeyCredential(KEY))
                .addPolicy(new AddHeaderPolicy("api-key", KEY)));
        List<String> echoed = List.of(KEY, KEY, TOKEN, KEY);
        for (int i = 0; i < builders.size(); i++) {
            ScriptedHttpClient client = throttledTwiceThenEmbeddings(echoed.get(i));
            HttpPipeline pipeline = builders.get(i).httpClient(client)
                .loggingOptions(new RequestLoggingOptions().setLogBodies(true))
                .build();

            try (HttpResponse response = send(pipeline, sync)) {
                assertThat(response.getStatusCode()).isEqualTo(200);
            }
        }

        assertNoSecretLogged(3 * builders.size());
    }

    @Test
    void aRefusedDuplicateCredentialLogsNoCredential() {
        ScriptedHttpClient client = throttledTwiceThenEmbeddings(KEY);
        HttpPipeline pipeline = OpenAIPipelines.builder().httpClient(client).credential(new AzureKeyCredential(KEY))
            .addPolicy(new AddHeaderPolicy("api-key", OTHER_KEY))
            .build();

        assertThatThrownBy(() -> send(pipeline, true)).isInstanceOf(DuplicateCredentialException.class);

        assertThat(client.attemptCount()).isZero();
        String all = logs.allText();
        assertThat(all).contains(DuplicateCredentialException.class.getName());
        SECRETS.forEach(secret -> assertThat(all).doesNotContain(secret));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void installedOpenAIClientsLogNoCredential(boolean withToken) {
        for (boolean sync : new boolean[] {true, false}) {
            ScriptedHttpClient client = throttledTwiceThenEmbeddings(withToken ? TOKEN : KEY);
            // The stock HttpLoggingPolicy logs bodies as they are: its headers level only, our logger logs bodies.
            OpenAIClientBuilder builder = new OpenAIClientBuilder().endpoint("https://example.openai.azure.com")
                .httpClient(client)
                .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.HEADERS));
            if (withToken) {
                builder.credential(ScriptedTokenCredential.valid(TOKEN));
            } else {
                builder.credential(new AzureKeyCredential(KEY));
            }
            OpenAIPipelines.install(builder, new RetryAfterOptions(), new RequestLoggingOptions().setLogBodies(true));
            EmbeddingsOptions options = new EmbeddingsOptions(List.of("hello"));

            Embeddings embeddings = sync ? builder.buildClient().getEmbeddings("d", options)
                : builder.buildAsyncClient().getEmbeddings("d", options).block();

            assertThat(embeddings.getData()).hasSize(1);
            assertThat(client.attemptCount()).isEqualTo(3);
        }

        assertNoSecretLogged(6);
        assertThat(logs.allText()).as("the stock HttpLoggingPolicy logged too").contains("tryCount");
    }
}
