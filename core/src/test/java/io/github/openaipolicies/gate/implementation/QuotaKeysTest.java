// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.RequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link QuotaKeys} on the client-neutral {@link RequestView} (azure-core's view of a request, and which
 * of its bodies are offered: {@code AzureRequestViewQuotaKeysTest} in the policies module).
 */
class QuotaKeysTest {
    private static final String CHAT_A = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"model-a\"}";
    private static final String CHAT_B = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"model-b\"}";

    @ParameterizedTest
    @CsvSource({
        "https://Res.openai.azure.com/openai/deployments/emb/embeddings?api-version=2024-06-01,"
            + "https://res.openai.azure.com:443/openai/deployments/emb,emb",
        "https://res.openai.azure.com/openai/deployments/chat/chat/completions?api-version=x,"
            + "https://res.openai.azure.com:443/openai/deployments/chat,chat",
        "http://localhost:8080/openai/deployments/emb,http://localhost:8080/openai/deployments/emb,emb",
        "https://h.example/prefix/openai/deployments/Emb/x,https://h.example:443/openai/deployments/Emb,Emb",
        "https://h.example/openai/deployments/,https://h.example:443/openai/deployments/,"})
    void theDeploymentShapeKeysByDeploymentAsBefore(String url, String key, String deployment) throws Exception {
        assertThat(QuotaKeys.of(new URL(url))).isEqualTo(key);
        assertThat(QuotaKeys.of(new URL(url))).as("a second time, from the keys seen lately").isEqualTo(key);
        assertThat(QuotaKeys.of(view(url, CHAT_A))).as("a body's model does not matter").isEqualTo(key);
        assertThat(QuotaKeys.describe(view(url, CHAT_A))).isEqualTo(new QuotaKey(key,
            new URL(url).getHost().toLowerCase(Locale.ROOT), deployment, null, null));
    }

    @ParameterizedTest
    @CsvSource({
        "https://api.openai.com/v1/embeddings?x=secret,https://api.openai.com:443/v1/embeddings",
        "https://API.OpenAI.com:8443/v1/Embeddings,https://api.openai.com:8443/v1/embeddings",
        "https://res.openai.azure.com/openai/v1/chat/completions?api-version=preview,"
            + "https://res.openai.azure.com:443/openai/v1/chat",
        "https://res.openai.azure.com/openai/threads/thread_abc123/runs/run_XYZ9?api-version=2024-05-01-preview,"
            + "https://res.openai.azure.com:443/openai/threads",
        "https://res.openai.azure.com/openai/assistants?api-version=x,https://res.openai.azure.com:443/openai/assistants",
        "https://api.openai.com/v1/files/file-abc123/content,https://api.openai.com:443/v1/files",
        "https://api.openai.com/v1/threads/thread_abc/runs,https://api.openai.com:443/v1/threads",
        "https://gw.example/prefix/OpenAI/Threads/t1,https://gw.example:443/openai/threads",
        "http://localhost:8080//openai//threads//x,http://localhost:8080/openai/threads",
        "https://gw.example/proxy/v2/responses/resp_1,https://gw.example:443/v2/responses",
        "https://gw.example/proxy/v12/responses,https://gw.example:443/v12/responses",
        "https://h.example/openai/v1,https://h.example:443/openai/v1",
        "https://h.example/v1/openai/x,https://h.example:443/openai/x",
        "https://h.example/openai/deployments,https://h.example:443/openai/deployments",
        "https://h.example/OpenAI/Deployments/emb/embeddings,https://h.example:443/openai/deployments",
        "https://h.example/openai/fine_tuning/jobs,https://h.example:443/openai/fine_tuning",
        "https://h.example/openai/vector-stores.x,https://h.example:443/openai/vector-stores.x",
        "https://h.example/healthz,https://h.example:443/healthz",
        "https://h.example/v/x,https://h.example:443/v",
        "https://h.example/vx/1,https://h.example:443/vx",
        "https://h.example/v1234/x,https://h.example:443",
        "https://h.example/v123/x,https://h.example:443/v123/x",
        "https://h.example/v0/x,https://h.example:443/v0/x",
        "https://h.example/v9/x,https://h.example:443/v9/x",
        "https://h.example/v1-/x,https://h.example:443",
        "https://h.example/a1/x,https://h.example:443",
        "https://h.example/v1x/y,https://h.example:443",
        "https://h.example/b2f1c9/x,https://h.example:443",
        "https://h.example/openai/0a9f/x,https://h.example:443/openai",
        "https://h.example/openai/a@b,https://h.example:443/openai",
        "https://h.example/openai/a{b,https://h.example:443/openai",
        "https://h.example/openai/a`b,https://h.example:443/openai",
        "https://h.example/openai/a/b,https://h.example:443/openai/a",
        "https://h.example/openai/z/b,https://h.example:443/openai/z",
        "https://h.example/,https://h.example:443",
        "https://h.example,https://h.example:443",
        "http://h.example:80/x,http://h.example:80/x"})
    void otherUrlsKeyByTheirApiFamilyNeverByAnId(String url, String key) throws Exception {
        assertThat(QuotaKeys.of(new URL(url))).isEqualTo(key);
        assertThat(QuotaKeys.of(view(url, null))).isEqualTo(key);
        QuotaKey described = QuotaKeys.describe(view(url, null));
        assertThat(described.key()).isEqualTo(key);
        assertThat(described.deployment()).isNull();
        assertThat(described.model()).isNull();
        String api = key.substring(key.indexOf('/', "https://".length()) < 0 ? key.length()
            : key.indexOf('/', "https://".length()));
        assertThat(described.api()).isEqualTo(api.isEmpty() ? null : api);
    }

    @Test
    void aNameSegmentOfSixtyFourCharactersIsTheFamilyAndALongerOneIsNot() throws Exception {
        String name = "a".repeat(QuotaKeys.MAX_NAME_LENGTH);
        assertThat(QuotaKeys.of(new URL("https://h.example/openai/" + name + "/x")))
            .isEqualTo("https://h.example:443/openai/" + name);
        assertThat(QuotaKeys.of(new URL("https://h.example/openai/" + name + "a/x")))
            .isEqualTo("https://h.example:443/openai");
    }

    @Test
    void polledRunsOfManyThreadsShareOneKey() {
        Random random = new Random(20);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String url = "https://res.openai.azure.com/openai/threads/thread_" + Long.toString(random.nextLong(), 36)
                + "/runs/run_" + Long.toString(random.nextLong(), 36) + (i % 2 == 0 ? "/steps" : "")
                + "?api-version=2024-05-01-preview";
            keys.add(QuotaKeys.of(view(url, null)));
        }
        assertThat(keys).containsExactly("https://res.openai.azure.com:443/openai/threads");
    }

    @ParameterizedTest
    @CsvSource({"https://Res.openai.azure.com/openai/v1/chat/completions?api-version=preview,"
        + "https://res.openai.azure.com:443/openai/deployments/",
        "https://res.services.ai.azure.com/openai/v1/embeddings,https://res.services.ai.azure.com:443/openai/deployments/",
        "https://res.cognitiveservices.azure.com:8443/openai/v1/responses,"
            + "https://res.cognitiveservices.azure.com:8443/openai/deployments/",
        "https://gw.example/team/OpenAI/V1/chat/completions,https://gw.example:443/openai/deployments/",
        "https://API.openai.com/v1/chat/completions?x=1,https://api.openai.com:443/v1/models/",
        "http://localhost:8080/proxy/v2/embeddings,http://localhost:8080/v2/models/"})
    void theV1ShapeKeysByTheBodysModelSoTwoModelsHaveTwoKeys(String url, String keyBeforeModel) {
        String a = QuotaKeys.of(view(url, CHAT_A));
        String b = QuotaKeys.of(view(url, CHAT_B));

        assertThat(a).isEqualTo(keyBeforeModel + "model-a");
        assertThat(b).isEqualTo(keyBeforeModel + "model-b");
        assertThat(QuotaKeys.describe(view(url, CHAT_A)).key()).isEqualTo(a);
    }

    @Test
    void azuresV1ModelIsItsDeploymentSoBothShapesShareOneKey() throws Exception {
        String v1 = QuotaKeys.of(view("https://res.openai.azure.com/openai/v1/embeddings", "{\"model\":\"emb\"}"));
        String deployment = QuotaKeys.of(new URL("https://res.openai.azure.com/openai/deployments/emb/embeddings"));

        assertThat(v1).isEqualTo(deployment);
        assertThat(QuotaKeys.describe(view("https://res.openai.azure.com/openai/v1/embeddings",
            "{\"model\":\"emb\"}"))).isEqualTo(new QuotaKey(deployment, "res.openai.azure.com", "emb", null, null));
        assertThat(QuotaKeys.describe(view("https://api.openai.com/v1/embeddings", "{\"model\":\"emb\"}")))
            .isEqualTo(new QuotaKey("https://api.openai.com:443/v1/models/emb", "api.openai.com", null, "emb", null));
    }

    @Test
    void onlyTheTopLevelModelCounts() {
        String url = "https://api.openai.com/v1/chat/completions";
        assertThat(QuotaKeys.of(view(url, "{\"messages\":[{\"content\":\"x\",\"model\":\"nested\"}],\"model\":\"top\"}")))
            .isEqualTo("https://api.openai.com:443/v1/models/top");
        assertThat(QuotaKeys.of(view(url, "{\"messages\":[{\"content\":\"x\",\"model\":\"nested\"}]}")))
            .isEqualTo("https://api.openai.com:443/v1/chat");
    }

    @Test
    void aBodyLargerThanTheParsedLimitKeysWithoutItsModel() {
        String url = "https://api.openai.com/v1/embeddings";
        String prefix = "{\"model\":\"m\",\"input\":\"";
        String atLimit = prefix + "x".repeat(TokenCost.MAX_PARSED_BYTES - prefix.length() - 2) + "\"}";

        assertThat(QuotaKeys.of(view(url, atLimit))).isEqualTo("https://api.openai.com:443/v1/models/m");
        assertThat(QuotaKeys.of(view(url, atLimit + " "))).isEqualTo("https://api.openai.com:443/v1/embeddings");
    }

    @Test
    void aModelThatIsNotAPlainStringKeysByTheFamily() {
        String url = "https://res.openai.azure.com/openai/v1/embeddings";
        for (String body : List.of("{\"model\":null}", "{\"model\":\"a b\"}", "{\"model\":\"\"}", "not json", "")) {
            assertThat(QuotaKeys.of(view(url, body))).as(body).isEqualTo("https://res.openai.azure.com:443/openai/v1/embeddings");
        }
        assertThat(QuotaKeys.of(view(url, null))).as("no body")
            .isEqualTo("https://res.openai.azure.com:443/openai/v1/embeddings");
    }

    /**
     * Generated URLs that differ from one another only a little (host case, port, deployment name, path, scheme), in
     * random order: every key equals the one built from scratch, and a deployment key is reused whenever its slot of
     * the recent keys still holds it. Replay a failure with {@code -Dgate.seed=<seed>}.
     */
    @Test
    void recentKeysAreReusedOnlyForTheSameKey() throws Exception {
        long seed = Long.getLong("gate.seed", System.nanoTime());
        System.out.println("QuotaKeysTest seed=" + seed);
        Random random = new Random(seed);
        String[] schemes = {"https", "http"};
        String[] hosts = {"res.openai.azure.com", "Res.OpenAI.azure.com", "res2.openai.azure.com", "a", "b.c"};
        String[] ports = {"", ":443", ":80", ":8080", ":0", ":1"};
        String[] paths = {"/openai/deployments/emb/embeddings", "/openai/deployments/emb", "/openai/deployments/em",
            "/openai/deployments/emb2/chat/completions", "/openai/deployments/", "/v1/embeddings", "/v1/embedding",
            "", "/", "/openai/deployments/Emb/x", "/openai/threads/t1/runs/r2", "/openai/v1/files/f1"};
        int reused = 0;
        int deploymentKeys = 0;
        for (int i = 0; i < 5000; i++) {
            URL url = new URL(schemes[random.nextInt(schemes.length)] + "://" + hosts[random.nextInt(hosts.length)]
                + ports[random.nextInt(ports.length)] + paths[random.nextInt(paths.length)]
                + (random.nextBoolean() ? "?api-version=1" : ""));
            String expected = reference(url);
            String key = QuotaKeys.of(url);
            assertThat(key).as("%s (seed %d)", url, seed).isEqualTo(expected);
            if (url.getPath().contains("/openai/deployments/")) {
                deploymentKeys++;
                assertThat(QuotaKeys.of(url)).as("the same URL twice in a row builds no new key (seed %d)", seed)
                    .isSameAs(key);
            }
            if (key == QuotaKeys.of(url)) {
                reused++;
            }
        }
        assertThat(reused).as("keys reused (seed %d)", seed).isGreaterThan(1000).isEqualTo(deploymentKeys);
    }

    @ParameterizedTest
    @CsvSource({"http://Z.example:65535/openai/deployments/d", "http://a.example:9/openai/deployments/d",
        "HTTP://AZ.EXAMPLE:10000/openai/deployments/d"})
    void hostsWithEveryUpperCaseLetterAndPortsOfOneToFiveDigitsReuseTheirKey(String spec) throws Exception {
        URL url = new URL(spec);
        String key = QuotaKeys.of(url);
        assertThat(key).isEqualTo(reference(url));
        assertThat(QuotaKeys.of(url)).as("the recent key, not a new string").isSameAs(key);
    }

    /**
     * Hosts "a" and "q" (hash codes 16 apart) share a slot of the recent keys when their segments are as long;
     * segments 16 characters apart in length share a slot for the same host: each key is still its own.
     */
    @ParameterizedTest
    @CsvSource({"http://a/openai/deployments/e,http://q/openai/deployments/e",
        "http://q/openai/deployments/e,http://a/openai/deployments/e",
        "http://a/openai/deployments/e,http://a/openai/deployments/eeeeeeeeeeeeeeeee",
        "http://a/openai/deployments/eeeeeeeeeeeeeeeee,http://a/openai/deployments/e",
        "http://a:8080/openai/deployments/e,http://a:80/openai/deployments/e",
        "https://a/openai/deployments/e,http://a/openai/deployments/e"})
    void aKeyInTheSameSlotIsNotTakenForAnotherUrl(String first, String second) throws Exception {
        QuotaKeys.of(new URL(first));
        URL url = new URL(second);
        assertThat(QuotaKeys.of(url)).isEqualTo(reference(url));
    }

    @Test
    void aNonAsciiHostGetsItsOwnKey() throws Exception {
        URL url = new URL("https://b\u00fccher.example/openai/deployments/d/embeddings");
        assertThat(QuotaKeys.of(url)).isEqualTo("https://b\u00fccher.example:443/openai/deployments/d");
        assertThat(QuotaKeys.of(url)).isEqualTo("https://b\u00fccher.example:443/openai/deployments/d");
        assertThat(QuotaKeys.of(new URL("https://B\u00dcCHER.example/v1/files/f1")))
            .isEqualTo("https://b\u00fccher.example:443/v1/files");
    }

    /** A request as an adapter offers it: the URL as text, the body (UTF-8) only when it is at most as long as asked. */
    private static RequestView view(String url, String body) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return new RequestView() {
            @Override
            public String method() {
                return bytes == null ? "GET" : "POST";
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public byte[] bodyIfInMemory(int maxBytes) {
                return bytes != null && bytes.length <= maxBytes ? bytes : null;
            }
        };
    }

    /** The key of a URL alone, built another way: deployment segment, else the family of the first segments. */
    private static String reference(URL url) {
        String origin = url.getProtocol().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT)
            + ":" + (url.getPort() == -1 ? url.getDefaultPort() : url.getPort());
        String path = url.getPath();
        int deployments = path.indexOf("/openai/deployments/");
        if (deployments >= 0) {
            int nameEnd = path.indexOf('/', deployments + "/openai/deployments/".length());
            return origin + path.substring(deployments, nameEnd < 0 ? path.length() : nameEnd);
        }
        StringBuilder family = new StringBuilder();
        String[] segments = path.toLowerCase(Locale.ROOT).replaceAll("^/+", "").split("/+");
        int at = segments[0].equals("openai") ? 1 : 0;
        if (at < segments.length && segments[at].matches("v[0-9]{1,3}")) {
            at++;
        }
        if (at < segments.length && segments[at].matches("[a-z_.-]{1,64}")) {
            at++;
        }
        for (int i = 0; i < at; i++) {
            family.append('/').append(segments[i]);
        }
        return origin + family;
    }
}
