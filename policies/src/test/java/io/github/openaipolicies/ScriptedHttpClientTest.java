// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptedHttpClientTest {
    @Test
    void answersInOrderAndRecordsEveryAttempt() {
        ScriptedHttpClient client = new ScriptedHttpClient()
            .respond(503, ScriptedHttpClient.headers("Retry-After", "1")).times(2)
            .fail(new IOException("reset"))
            .respond(200, ScriptedHttpClient.headers(), "ok");
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client).build();

        HttpResponse first = pipeline.sendSync(request("a"), Context.NONE);
        HttpResponse second = pipeline.send(request("b")).block();
        assertThatThrownBy(() -> pipeline.sendSync(request("c"), Context.NONE))
            .isInstanceOf(UncheckedIOException.class);
        HttpResponse last = pipeline.send(request("d")).block();
        assertThatThrownBy(() -> pipeline.send(request("e")).block()).hasMessageContaining("no scripted answer");

        assertThat(first.getStatusCode()).isEqualTo(503);
        assertThat(second.getHeaderValue(com.azure.core.http.HttpHeaderName.RETRY_AFTER)).isEqualTo("1");
        assertThat(last.getBodyAsString().block()).isEqualTo("ok");
        assertThat(client.attempts()).extracting(ScriptedHttpClient.RecordedRequest::bodyAsString)
            .containsExactly("a", "b", "c", "d", "e");
        assertThat(client.attempts()).extracting(ScriptedHttpClient.RecordedRequest::sync)
            .containsExactly(true, false, true, false, false);
        assertThat(client.attempts().get(0).headerValues("X-Test")).containsExactly("1", "2");
        assertThat(client.responses()).hasSize(3);
        first.close();
        assertThat(client.responses().get(0).isClosed()).isTrue();
        assertThat(client.responses().get(1).isClosed()).isFalse();
        assertThat(client.responses().get(2).isBodyRead()).isTrue();
    }

    private static HttpRequest request(String body) {
        HttpRequest request = new HttpRequest(HttpMethod.POST, "https://example.test/path").setBody(body);
        request.getHeaders().add(com.azure.core.http.HttpHeaderName.fromString("x-test"), "1");
        request.getHeaders().add(com.azure.core.http.HttpHeaderName.fromString("x-test"), "2");
        return request;
    }
}
