// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.github.openaipolicies.RequestLoggingPolicyTest.bodyHeaders;
import static io.github.openaipolicies.RequestLoggingPolicyTest.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Which bodies RequestLoggingPolicy reads to log them, and that it never holds back a stream. */
class RequestLoggingPolicyBodyTest {
    private static final String URL = "https://res.openai.azure.com/openai/deployments/d/chat/completions";
    private static final int FOUR_MIB = 4 * 1024 * 1024;
    /** Long enough for any machine; a policy that waits for an endless body never returns at all. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aChunkedJsonBodyWhoseEndNeverArrivesReachesTheCallerAtOnce(CallPath path) {
        List<StreamedResponse> served = new ArrayList<>();
        HttpPipeline pipeline = pipeline(StreamedResponse.client(request -> record(served, new StreamedResponse(
            request, headers("Content-Type", "application/json"), StreamedResponse.endless("{\"choices\":[")))));

        HttpResponse response = assertTimeoutPreemptively(AT_ONCE, () -> path.send(pipeline, request()));

        assertThat(response).isSameAs(served.get(0));
        assertThat(served.get(0).bodySubscribed()).as("the policy read the body").isFalse();
        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).singleElement()
            .satisfies(line -> assertThat(line).containsEntry("statusCode", 200)
                .containsEntry("responseBody", "(not logged: length unknown)"));
        assertThat(served.get(0).firstChunk()).isEqualTo("{\"choices\":[");
        response.close();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void serverSentEventsPassThroughUntouchedAndTheFirstEventArrivesBeforeTheStreamEnds(CallPath path) {
        List<StreamedResponse> served = new ArrayList<>();
        String firstEvent = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n";
        HttpPipeline pipeline = pipeline(StreamedResponse.client(request -> record(served, new StreamedResponse(
            request, headers("Content-Type", "text/event-stream; charset=utf-8"),
            StreamedResponse.endless(firstEvent)))));

        HttpResponse response = assertTimeoutPreemptively(AT_ONCE, () -> path.send(pipeline, request()));

        assertThat(response).isSameAs(served.get(0));
        assertThat(served.get(0).bodySubscribed()).as("the policy read the stream").isFalse();
        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).singleElement()
            .satisfies(line -> assertThat(line).containsEntry("statusCode", 200).doesNotContainKey("responseBody"));
        assertThat(served.get(0).firstChunk()).isEqualTo(firstEvent);
        response.close();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aLargeResponseBodyIsNotReadIntoTheLogPath(CallPath path) {
        List<StreamedResponse> served = new ArrayList<>();
        HttpPipeline pipeline = pipeline(StreamedResponse.client(request -> record(served, new StreamedResponse(
            request, headers("Content-Type", "application/json", "Content-Length", String.valueOf(FOUR_MIB)),
            StreamedResponse.zeros(FOUR_MIB)))));

        try (HttpResponse response = path.send(pipeline, request())) {
            assertThat(response).isSameAs(served.get(0));
            assertThat(served.get(0).bytesServed()).as("bytes read by the policy").isZero();
            assertThat(response.getBody().map(ByteBuffer::remaining).reduce(0L, Long::sum).block())
                .as("the caller still reads it all").isEqualTo(FOUR_MIB);
        }
        assertThat(LoggedLines.of(logs, RequestLoggingPolicy.class)).singleElement()
            .satisfies(line -> assertThat(line)
                .containsEntry("responseBody", "(not logged: 4194304 bytes, above the 16384-byte limit)"));
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aLargeRequestBodyIsNotReadAndASmallOneIsReadOnce(CallPath path) {
        byte[] large = new byte[FOUR_MIB];
        Arrays.fill(large, (byte) ' ');
        CountingStream largeStream = new CountingStream(large);
        CountingStream smallStream = new CountingStream("{\"input\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
        List<Long> readBeforeTransport = new ArrayList<>();
        HttpPipeline pipeline = new HttpPipelineBuilder()
            .httpClient(StreamedResponse.client(request -> new StreamedResponse(request, new HttpHeaders(),
                Flux.empty())))
            .policies(new RequestLoggingPolicy(new RequestLoggingOptions().setLogBodies(true)),
                new Probe(() -> readBeforeTransport.add(largeStream.read.get() + smallStream.read.get())))
            .build();

        path.send(pipeline, jsonRequest(BinaryData.fromStream(largeStream, (long) large.length))).close();
        path.send(pipeline, jsonRequest(BinaryData.fromStream(smallStream, 14L))).close();

        assertThat(readBeforeTransport).containsExactly(0L, 14L);
        List<Map<String, Object>> lines = LoggedLines.of(logs, RequestLoggingPolicy.class);
        assertThat(lines.get(0)).containsEntry("requestBody",
            "(not logged: 4194304 bytes, above the 16384-byte limit)");
        assertThat(lines.get(1)).containsEntry("requestBody", "{\"input\":\"hi\"}");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void logsTextAndJsonBodiesButNotEventStreamsOrOtherTypes(CallPath path) {
        List<String> types = List.of("text/plain; charset=utf-8", "text/csv", "TEXT/HTML", "application/json",
            "application/problem+json", "text/event-stream", "application/octet-stream", "application/xml");
        ScriptedHttpClient client = new ScriptedHttpClient();
        for (String type : types) {
            client.respond(200, bodyHeaders(type, "body of " + type), "body of " + type);
        }
        HttpPipeline pipeline = pipeline(client);
        for (String type : types) {
            HttpRequest request = new HttpRequest(HttpMethod.POST, URL)
                .setHeader(HttpHeaderName.CONTENT_TYPE, type).setBody(BinaryData.fromString("sent as " + type));
            path.send(pipeline, request).close();
        }

        List<Map<String, Object>> lines = LoggedLines.of(logs, RequestLoggingPolicy.class);
        assertThat(lines).hasSize(types.size());
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            boolean logged = i < 5;
            assertThat(lines.get(i).get("responseBody")).as(type).isEqualTo(logged ? "body of " + type : null);
            assertThat(lines.get(i).get("requestBody")).as(type).isEqualTo(logged ? "sent as " + type : null);
            assertThat(client.responses().get(i).isBodyRead()).as(type).isEqualTo(logged);
        }
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void theReadLimitIsSixteenKibOrTheLoggedSizeWhicheverIsLarger(CallPath path) {
        String body = "{\"text\":\"" + "a".repeat(20_000) + "\"}";
        ScriptedHttpClient client = new ScriptedHttpClient().respond(200, bodyHeaders("application/json", body), body)
            .times(2).respond(200, bodyHeaders("application/json", ""), "");
        RequestLoggingOptions large = new RequestLoggingOptions().setLogBodies(true).setMaxBodyLogSize(32_768);

        path.send(pipeline(client), request()).close();
        path.send(new HttpPipelineBuilder().httpClient(client).policies(new RequestLoggingPolicy(large)).build(),
            request()).close();
        path.send(pipeline(client), request()).close();

        List<Map<String, Object>> lines = LoggedLines.of(logs, RequestLoggingPolicy.class);
        assertThat(lines.get(0)).containsEntry("responseBody", "(not logged: 20011 bytes, above the 16384-byte limit)");
        assertThat(lines.get(1)).containsEntry("responseBody", body);
        assertThat(lines.get(2)).containsEntry("responseBody", "");
        assertThat(client.responses()).extracting(ScriptedHttpClient.ScriptedResponse::isBodyRead)
            .containsExactly(false, true, false);
    }

    private static StreamedResponse record(List<StreamedResponse> served, StreamedResponse response) {
        served.add(response);
        return response;
    }

    private static HttpPipeline pipeline(HttpClient client) {
        return new HttpPipelineBuilder().httpClient(client)
            .policies(new RequestLoggingPolicy(new RequestLoggingOptions().setLogBodies(true))).build();
    }

    private static HttpRequest request() {
        return new HttpRequest(HttpMethod.POST, URL);
    }

    private static HttpRequest jsonRequest(BinaryData body) {
        return new HttpRequest(HttpMethod.POST, URL).setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
            .setBody(body);
    }

    /** A markable stream (so BinaryData can replay it) that counts the bytes read from it. */
    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong read = new AtomicLong();

        CountingStream(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                read.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }
    }

    /** Runs an action when the request passes, between the logging policy and the transport. */
    private record Probe(Runnable action) implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            action.run();
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            action.run();
            return next.processSync();
        }
    }
}
