// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.BinaryData;
import io.github.openaipolicies.ScriptedHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link InMemoryBody} reads a body only when it is already in memory, and never one longer than asked.
 */
class InMemoryBodyTest {
    private static final String JSON = "{\"input\":\"hello\"}";
    private static final byte[] BYTES = JSON.getBytes(StandardCharsets.UTF_8);

    @Test
    void bodiesInMemoryAreRead() {
        assertThat(InMemoryBody.bytes(BinaryData.fromBytes(BYTES), 100)).isEqualTo(BYTES);
        assertThat(InMemoryBody.bytes(BinaryData.fromString(JSON), 100)).isEqualTo(BYTES);
        assertThat(InMemoryBody.bytes(BinaryData.fromByteBuffer(ByteBuffer.wrap(BYTES)), 100)).isEqualTo(BYTES);
        assertThat(InMemoryBody.bytes(BinaryData.fromListByteBuffer(List.of(ByteBuffer.wrap(BYTES, 0, 5),
            ByteBuffer.wrap(BYTES, 5, BYTES.length - 5))), 100)).isEqualTo(BYTES);
        assertThat(new String(InMemoryBody.bytes(BinaryData.fromObject(Map.of("input", "hello")), 100),
            StandardCharsets.UTF_8)).isEqualTo(JSON);
    }

    @Test
    void theOpenAIClientsBodiesAreInMemoryOnBothPaths() {
        // The content classes are matched by name: this fails if azure-core or the OpenAI client changes them.
        List<BinaryData> sent = new ArrayList<>();
        OpenAIClientBuilder builder = new OpenAIClientBuilder().endpoint("https://res.openai.azure.com")
            .credential(new AzureKeyCredential("not-a-key"))
            .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
            .httpClient(request -> {
                sent.add(request.getBodyAsBinaryData());
                return Mono.just(ScriptedHttpClient.ScriptedResponse.emptyOk(request));
            });
        EmbeddingsOptions embeddings = new EmbeddingsOptions(List.of("hello"));

        catchThrowable(() -> builder.buildClient().getEmbeddings("emb", embeddings));
        catchThrowable(() -> builder.buildAsyncClient().getEmbeddings("emb", embeddings).block());

        assertThat(sent).hasSize(2).allSatisfy(body ->
            assertThat(InMemoryBody.bytes(body, 100)).asString(StandardCharsets.UTF_8).contains("\"hello\""));
    }

    @Test
    void aFileIsNotRead(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("body.json"), BYTES);
        BinaryData body = BinaryData.fromFile(file);
        assertThat(body.isReplayable()).isTrue();

        assertThat(InMemoryBody.bytes(body, 100)).isNull();
    }

    @Test
    void aReplayableStreamIsNotRead() {
        AtomicInteger reads = new AtomicInteger();
        BinaryData body = BinaryData.fromStream(new CountingStream(BYTES, reads), (long) BYTES.length);
        assertThat(body.isReplayable()).as("a stream that supports mark and reset").isTrue();

        assertThat(InMemoryBody.bytes(body, 100)).isNull();
        assertThat(reads).hasValue(0);
    }

    @Test
    void aBufferedFluxIsNotRead() {
        BinaryData body = BinaryData.fromFlux(Flux.just(ByteBuffer.wrap(BYTES)), (long) BYTES.length, true).block();
        assertThat(body.isReplayable()).isTrue();

        assertThat(InMemoryBody.bytes(body, 100)).isNull();
    }

    @Test
    void aBodyLongerThanTheLimitIsNotReadAndOneAtTheLimitIs() {
        assertThat(InMemoryBody.bytes(BinaryData.fromBytes(BYTES), BYTES.length)).isEqualTo(BYTES);
        assertThat(InMemoryBody.bytes(BinaryData.fromBytes(BYTES), BYTES.length - 1)).isNull();
    }

    @Test
    void noBodyIsNoBytes() {
        assertThat(InMemoryBody.bytes((BinaryData) null, 100)).isNull();
    }

    /** A markable stream (so azure-core takes it as replayable) that counts every read. */
    private static final class CountingStream extends ByteArrayInputStream {
        private final AtomicInteger reads;

        CountingStream(byte[] bytes, AtomicInteger reads) {
            super(bytes);
            this.reads = reads;
        }

        @Override
        public synchronized int read() {
            reads.incrementAndGet();
            return super.read();
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            reads.incrementAndGet();
            return super.read(b, off, len);
        }

        @Override
        public byte[] readAllBytes() {
            reads.incrementAndGet();
            return super.readAllBytes();
        }

        @Override
        public int readNBytes(byte[] b, int off, int len) {
            reads.incrementAndGet();
            return super.readNBytes(b, off, len);
        }

        @Override
        public synchronized long transferTo(java.io.OutputStream out) throws IOException {
            reads.incrementAndGet();
            return super.transferTo(out);
        }
    }
}
