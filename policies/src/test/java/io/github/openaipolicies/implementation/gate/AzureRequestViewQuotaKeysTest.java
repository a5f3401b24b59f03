// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.util.BinaryData;
import io.github.openaipolicies.gate.implementation.QuotaKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link QuotaKeys} through azure-core's request, {@link AzureRequestView}: which bodies it offers for their model.
 * (The rules themselves: the core's {@code QuotaKeysTest}.)
 */
class AzureRequestViewQuotaKeysTest {
    @Test
    void everyInMemoryBodyIsRead() {
        String url = "https://api.openai.com/v1/embeddings";
        byte[] json = "{\"input\":\"x\",\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        String key = "https://api.openai.com:443/v1/models/m";
        List<BinaryData> bodies = List.of(BinaryData.fromString(new String(json, StandardCharsets.UTF_8)),
            BinaryData.fromBytes(json), BinaryData.fromByteBuffer(ByteBuffer.wrap(json)),
            BinaryData.fromListByteBuffer(List.of(ByteBuffer.wrap(json, 0, 5), ByteBuffer.wrap(json, 5,
                json.length - 5))),
            BinaryData.fromObject(Map.of("model", "m")));
        for (BinaryData body : bodies) {
            assertThat(QuotaKeys.of(view(new HttpRequest(HttpMethod.POST, url).setBody(body)))).as("%s", body)
                .isEqualTo(key);
        }
        assertThat(QuotaKeys.describe(view(new HttpRequest(HttpMethod.POST, url).setBody(BinaryData.fromBytes(json))))
            .model()).isEqualTo("m");
    }

    @Test
    void aBodyNotInMemoryIsNeverReadAndKeysWithoutItsModel(@TempDir Path dir) throws Exception {
        String url = "https://api.openai.com/v1/embeddings";
        byte[] json = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("body.json"), json);
        BinaryData fileBody = BinaryData.fromFile(file);
        Files.delete(file); // reading it now would throw: the key must not try
        List<BinaryData> bodies = new ArrayList<>();
        bodies.add(fileBody);
        bodies.add(BinaryData.fromStream(new ByteArrayInputStream(json)));
        bodies.add(BinaryData.fromStream(new ByteArrayInputStream(json), (long) json.length));
        bodies.add(BinaryData.fromStream(new ByteArrayInputStream(json), (long) json.length).toReplayableBinaryData());
        bodies.add(BinaryData.fromFlux(Flux.just(ByteBuffer.wrap(json)), (long) json.length, false).block());
        // Buffered, but its toBytes() blocks on the Flux, which fails on a non-blocking thread.
        bodies.add(BinaryData.fromFlux(Flux.just(ByteBuffer.wrap(json)), (long) json.length, true).block());
        for (BinaryData body : bodies) {
            assertThat(QuotaKeys.of(view(new HttpRequest(HttpMethod.POST, url).setBody(body)))).as("%s", body)
                .isEqualTo("https://api.openai.com:443/v1/embeddings");
        }
        assertThat(QuotaKeys.of(view(new HttpRequest(HttpMethod.POST, url).setBody(Flux.just(ByteBuffer.wrap(json))))))
            .isEqualTo("https://api.openai.com:443/v1/embeddings");
    }

    @Test
    void aRequestWithoutABodyKeysByTheFamilyAndItsDeploymentUrlByTheDeployment() {
        assertThat(QuotaKeys.of(view(new HttpRequest(HttpMethod.GET, "https://api.openai.com/v1/embeddings"))))
            .isEqualTo("https://api.openai.com:443/v1/embeddings");
        assertThat(QuotaKeys.of(view(new HttpRequest(HttpMethod.POST,
            "https://Res.openai.azure.com/openai/deployments/emb/embeddings?api-version=1").setBody("{\"model\":\"x\"}"))))
            .isEqualTo("https://res.openai.azure.com:443/openai/deployments/emb");
    }

    private static AzureRequestView view(HttpRequest request) {
        return new AzureRequestView(request);
    }
}
