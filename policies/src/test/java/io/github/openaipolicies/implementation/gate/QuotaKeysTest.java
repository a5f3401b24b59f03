// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaKeysTest {
    @ParameterizedTest
    @CsvSource({
        "https://Res.openai.azure.com/openai/deployments/emb/embeddings?api-version=2024-06-01,"
            + "https://res.openai.azure.com:443/openai/deployments/emb",
        "https://res.openai.azure.com/openai/deployments/chat/chat/completions?api-version=x,"
            + "https://res.openai.azure.com:443/openai/deployments/chat",
        "http://localhost:8080/openai/deployments/emb,http://localhost:8080/openai/deployments/emb",
        "https://api.openai.com/v1/embeddings?x=secret,https://api.openai.com:443/v1/embeddings",
        "https://res.openai.azure.com/openai/v1/chat/completions,https://res.openai.azure.com:443/openai/v1/chat/completions"})
    void oneKeyPerDeploymentElseHostAndPathWithoutQuery(String url, String key) throws Exception {
        assertThat(QuotaKeys.of(new URL(url))).isEqualTo(key);
        assertThat(QuotaKeys.of(new URL(url))).as("a second time, from the keys seen lately").isEqualTo(key);
    }

    /**
     * Generated URLs that differ from one another only a little (host case, port, deployment name, path, scheme), in
     * random order: every key equals the one built from scratch, whether or not a recent key was reused. Replay a
     * failure with {@code -Dgate.seed=<seed>}.
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
            "", "/", "/openai/deployments/Emb/x"};
        int reused = 0;
        int built = 0;
        for (int i = 0; i < 5000; i++) {
            URL url = new URL(schemes[random.nextInt(schemes.length)] + "://" + hosts[random.nextInt(hosts.length)]
                + ports[random.nextInt(ports.length)] + paths[random.nextInt(paths.length)]
                + (random.nextBoolean() ? "?api-version=1" : ""));
            String expected = reference(url);
            String key = QuotaKeys.of(url);
            assertThat(key).as("%s (seed %d)", url, seed).isEqualTo(expected);
            if (key == QuotaKeys.of(url)) {
                reused++;
            } else {
                built++;
            }
        }
        assertThat(reused).as("keys reused (seed %d)", seed).isGreaterThan(1000);
        assertThat(built).as("the same URL twice in a row builds no new key (seed %d)", seed).isZero();
    }

    @Test
    void aDeploymentSegmentAfterAPathPrefixIsTheKeyAndIsReused() throws Exception {
        URL url = new URL("https://h.example/prefix/openai/deployments/emb/embeddings");
        String key = QuotaKeys.of(url);
        assertThat(key).isEqualTo("https://h.example:443/openai/deployments/emb");
        assertThat(QuotaKeys.of(url)).as("the recent key, not a new string").isSameAs(key);
    }

    @ParameterizedTest
    @CsvSource({"http://Z.example:65535/v1", "http://a.example:9/v1", "HTTP://AZ.EXAMPLE:10000/v1"})
    void hostsWithEveryUpperCaseLetterAndPortsOfOneToFiveDigitsReuseTheirKey(String spec) throws Exception {
        URL url = new URL(spec);
        String key = QuotaKeys.of(url);
        assertThat(key).isEqualTo(reference(url));
        assertThat(QuotaKeys.of(url)).as("the recent key, not a new string").isSameAs(key);
    }

    /**
     * Hosts "a" and "q" (hash codes 16 apart) share a slot of the recent keys when their paths are as long; paths 16
     * characters apart in length share a slot for the same host: each key is still its own.
     */
    @ParameterizedTest
    @CsvSource({"http://a/v1,http://q/v1", "http://q/v1,http://a/v1", "http://a/v1,http://a/v1/aaaaaaaaaaaaaaa",
        "http://a/v1/aaaaaaaaaaaaaaa,http://a/v1", "http://a:8080/v1,http://a:80/v1",
        "https://a/openai/deployments/e,http://a/openai/deployments/e"})
    void aKeyInTheSameSlotIsNotTakenForAnotherUrl(String first, String second) throws Exception {
        QuotaKeys.of(new URL(first));
        URL url = new URL(second);
        assertThat(QuotaKeys.of(url)).isEqualTo(reference(url));
    }

    @Test
    void aNonAsciiHostGetsItsOwnKey() throws Exception {
        URL url = new URL("https://b\u00fccher.example/v1/embeddings");
        assertThat(QuotaKeys.of(url)).isEqualTo("https://b\u00fccher.example:443/v1/embeddings");
        assertThat(QuotaKeys.of(url)).isEqualTo("https://b\u00fccher.example:443/v1/embeddings");
    }

    private static String reference(URL url) {
        String origin = url.getProtocol().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT)
            + ":" + (url.getPort() == -1 ? url.getDefaultPort() : url.getPort());
        String path = url.getPath();
        int deployments = path.indexOf("/openai/deployments/");
        if (deployments < 0) {
            return origin + path;
        }
        int nameEnd = path.indexOf('/', deployments + "/openai/deployments/".length());
        return origin + path.substring(deployments, nameEnd < 0 ? path.length() : nameEnd);
    }
}
