// Licensed under the MIT License.
package io.github.openaipolicies.okhttp;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.retry.RetryAfterOptions;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippet of docs/okhttp.md: the body of {@link #client}, between {@code // BEGIN} and {@code // END}, word for
 * word; the test runs it against a server that throttles once.
 */
class OkHttpDocsTest {
    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void close() throws IOException {
        server.shutdown();
    }

    static OkHttpClient client() {
        // BEGIN docs-okhttp
        OkHttpClient client = new OkHttpClient.Builder()
            .addInterceptor(new OpenAIPolicyInterceptor(new OkHttpPolicyOptions()
                .setRetryOptions(new RetryAfterOptions().setMaxRetries(6))
                .setThrottleGate(ThrottleGate.shared())))      // the default; null for none
            .build();
        // END docs-okhttp
        return client;
    }

    @Test
    void theSnippetsClientRetriesAThrottledCallOnce() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(429).addHeader("retry-after-ms", "10").setBody("{}"));
        server.enqueue(new MockResponse().setBody("{}"));
        Request request = new Request.Builder().url(server.url("/openai/deployments/docs/embeddings"))
            .header("api-key", "key").post(RequestBody.create("{\"input\":\"x\"}", MediaType.get("application/json")))
            .build();

        try (Response response = client().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void thePageShowsTheSnippetVerbatim() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src", "test", "java", "io", "github", "openaipolicies",
            "okhttp", "OkHttpDocsTest.java"));
        List<String> body = lines.subList(lines.indexOf("        // BEGIN docs-okhttp") + 1,
            lines.indexOf("        // END docs-okhttp"));
        String snippet = String.join("\n", body.stream().map(line -> line.substring(Math.min(8, line.length())))
            .toList());

        assertThat(Files.readString(Path.of("..", "docs", "okhttp.md"))).contains("```java\n" + snippet + "\n```");
    }
}
