// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.WebSocketClient;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What the gate reads of an openai-java request, and which transports stay WebSocket clients. */
class OpenAIJavaRequestViewTest {
    @Test
    void methodUrlAndHeadersAreTheRequests() {
        OpenAIJavaRequestView view = new OpenAIJavaRequestView(PolicyHttpClientTest.request("X-A", "1", "x-a", "2"));

        assertThat(view.method()).isEqualTo("POST");
        assertThat(view.url()).isEqualTo(PolicyHttpClientTest.EMBEDDINGS);
        assertThat(view.header("x-A")).isEqualTo("1,2");
        assertThat(view.header("missing")).isNull();
    }

    @Test
    void aRepeatableBodyOfKnownLengthIsOfferedUpToTheLimit() {
        String json = "{\"model\":\"emb\",\"input\":\"hello\"}";
        OpenAIJavaRequestView view = new OpenAIJavaRequestView(PolicyHttpClientTest.request());

        assertThat(view.bodyIfInMemory(1024)).asString(StandardCharsets.UTF_8).isEqualTo(json);
        assertThat(view.bodyIfInMemory(json.length())).hasSize(json.length());
        assertThat(view.bodyIfInMemory(json.length() - 1)).isNull();
    }

    @Test
    void aBodyThatCannotBeReadTwiceOrHasNoneIsNotOffered() {
        HttpRequest streamed = PolicyHttpClientTest.request().toBuilder()
            .body(PolicyHttpClientTest.json("{}", false)).build();
        HttpRequest get = HttpRequest.builder().method(com.openai.core.http.HttpMethod.GET)
            .baseUrl("https://contoso.openai.azure.com").addPathSegments("openai", "v1", "models").build();

        assertThat(new OpenAIJavaRequestView(streamed).bodyIfInMemory(1024)).isNull();
        assertThat(new OpenAIJavaRequestView(get).bodyIfInMemory(1024)).isNull();
    }

    @Test
    void aTransportThatOpensWebSocketsStaysOneAndOthersDoNotPretend() {
        CallSettings settings = new CallSettings(RetryDecider.of(new RetryAfterOptions(), () -> 0.5), null,
            AttemptObserver.NONE, new TestTime(), new TestTime(), new TestTime(), new TestTime());
        OkHttpClient okHttp = OkHttpClient.builder().build();

        try (PolicyHttpClient wrapped = PolicyHttpClient.wrap(okHttp, settings)) {
            assertThat(wrapped).isInstanceOf(WebSocketClient.class);
        }
        assertThat(PolicyHttpClient.wrap(new ScriptedTransport(), settings)).isNotInstanceOf(WebSocketClient.class);
    }
}
