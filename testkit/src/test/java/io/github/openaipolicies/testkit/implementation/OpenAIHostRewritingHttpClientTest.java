package io.github.openaipolicies.testkit.implementation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.core.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class OpenAIHostRewritingHttpClientTest {

    private static final int PORT = 18443;

    private final RecordingTransport transport = new RecordingTransport();
    private final OpenAIHostRewritingHttpClient client = new OpenAIHostRewritingHttpClient(transport, PORT);

    @Test
    void rewritesOpenAIUrlKeepingPathQueryMethodHeadersAndBody() {
        HttpRequest request = new HttpRequest(HttpMethod.POST, "https://api.openai.com/v1/chat/completions?a=1&b=2")
            .setHeader(HttpHeaderName.AUTHORIZATION, "Bearer t")
            .setBody("{}");

        HttpRequest sent = client.rewrite(request);

        assertThat(sent.getUrl().toString()).isEqualTo("https://localhost:" + PORT + "/v1/chat/completions?a=1&b=2");
        assertThat(sent.getHttpMethod()).isEqualTo(HttpMethod.POST);
        assertThat(sent.getHeaders().getValue(HttpHeaderName.AUTHORIZATION)).isEqualTo("Bearer t");
        assertThat(sent.getBodyAsBinaryData().toString()).isEqualTo("{}");
        assertThat(request.getUrl().toString()).isEqualTo("https://api.openai.com/v1/chat/completions?a=1&b=2");
    }

    @Test
    void rewritesTheExplicitDefaultPortAndAnyCaseOfTheHost() {
        assertThat(client.rewrite(new HttpRequest(HttpMethod.GET, "https://API.OpenAI.com:443/v1/models"))
            .getUrl().toString()).isEqualTo("https://localhost:" + PORT + "/v1/models");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://my-resource.openai.azure.com/openai/deployments/d/embeddings",
        "https://localhost:9999/v1/embeddings", "http://api.openai.com/v1/embeddings",
        "https://api.openai.com:8443/v1/embeddings", "https://api.openai.com.example/v1/embeddings"})
    void leavesOtherUrlsAlone(String url) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, url);

        assertThat(client.rewrite(request)).isSameAs(request);
    }

    @Test
    void sendSyncUsesTheTransportsSyncPathWithTheCallersContext() {
        Context context = new Context("key", "value");

        client.sendSync(new HttpRequest(HttpMethod.GET, "https://api.openai.com/v1/models"), context).close();

        assertThat(transport.calls).containsExactly("sendSync https://localhost:" + PORT + "/v1/models value");
    }

    @Test
    void sendWithContextPassesTheContextOn() {
        Context context = new Context("key", "value");

        StepVerifier.create(client.send(new HttpRequest(HttpMethod.GET, "https://api.openai.com/v1/models"), context))
            .expectNextCount(1)
            .verifyComplete();

        assertThat(transport.calls).containsExactly("send https://localhost:" + PORT + "/v1/models value");
    }

    @Test
    void sendRewritesOnlyWhenSubscribed() {
        Mono<HttpResponse> response = client.send(new HttpRequest(HttpMethod.GET, "https://api.openai.com/v1/models"));

        assertThat(transport.calls).isEmpty();
        StepVerifier.create(response).expectNextCount(1).verifyComplete();
        assertThat(transport.calls).containsExactly("send https://localhost:" + PORT + "/v1/models none");
    }

    @Test
    void rejectsAMissingTransportAndABadPort() {
        assertThatThrownBy(() -> new OpenAIHostRewritingHttpClient(null, PORT))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("transport");
        assertThatThrownBy(() -> new OpenAIHostRewritingHttpClient(transport, 70000))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("simulatorPort");
    }

    /** Records which entry point was called, with which URL and which context value. */
    private static final class RecordingTransport implements HttpClient {
        final List<String> calls = new ArrayList<>();

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            return send(request, null);
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest request, Context context) {
            calls.add("send " + request.getUrl() + " " + contextValue(context));
            return Mono.just(new StubResponse(request));
        }

        @Override
        public HttpResponse sendSync(HttpRequest request, Context context) {
            calls.add("sendSync " + request.getUrl() + " " + contextValue(context));
            return new StubResponse(request);
        }

        private static String contextValue(Context context) {
            return context == null ? "none" : String.valueOf(context.getData("key").orElse("none"));
        }
    }

    /** An empty 200 response. */
    private static final class StubResponse extends HttpResponse {
        StubResponse(HttpRequest request) {
            super(request);
        }

        @Override
        public int getStatusCode() {
            return 200;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return null;
        }

        @Override
        public HttpHeaders getHeaders() {
            return new HttpHeaders();
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just("");
        }
    }
}
