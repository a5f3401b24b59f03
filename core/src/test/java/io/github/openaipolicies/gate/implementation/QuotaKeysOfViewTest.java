// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.RequestView;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link QuotaKeys} on the client-neutral {@link RequestView}: the URL as text, the body only as the view offers it.
 * (The rules themselves: {@code QuotaKeysTest}.)
 */
class QuotaKeysOfViewTest {
    @Test
    void aDeploymentUrlKeysByItsDeployment() {
        RequestView view = view("https://Res.openai.azure.com/openai/deployments/emb/embeddings?api-version=1", null);

        assertThat(QuotaKeys.of(view)).isEqualTo("https://res.openai.azure.com:443/openai/deployments/emb");
        assertThat(QuotaKeys.describe(view)).isEqualTo(new QuotaKey(
            "https://res.openai.azure.com:443/openai/deployments/emb", "res.openai.azure.com", "emb", null, null));
    }

    @Test
    void theUnifiedPathKeysByTheModelOfABodyInMemory() {
        RequestView view = view("https://res.openai.azure.com/openai/v1/embeddings", "{\"model\":\"emb\"}");

        assertThat(QuotaKeys.of(view)).isEqualTo("https://res.openai.azure.com:443/openai/deployments/emb");
    }

    @Test
    void aBodyTheViewDoesNotOfferKeysByTheApiFamily() {
        RequestView view = view("https://api.openai.com/v1/embeddings", null);

        assertThat(QuotaKeys.of(view)).isEqualTo("https://api.openai.com:443/v1/embeddings");
    }

    @Test
    void aUrlThatCannotBeReadKeysByItsTextWithoutTheQueryOrFragment() {
        assertThat(QuotaKeys.of(view("no-scheme/openai/x?api-key=secret", null))).isEqualTo("no-scheme/openai/x");
        assertThat(QuotaKeys.of(view("no-scheme/openai/y#api-key=secret", null))).isEqualTo("no-scheme/openai/y");
        assertThat(QuotaKeys.of(view("no-scheme", null))).isEqualTo("no-scheme");
        assertThat(QuotaKeys.describe(view("no-scheme/z?key=secret", null)))
            .isEqualTo(new QuotaKey("no-scheme/z", "", null, null, null));
    }

    @Test
    void aViewThatHoldsItsUrlParsedIsNotParsedAgain() throws Exception {
        URL parsed = new URL("https://res.openai.azure.com/openai/deployments/emb/embeddings");
        class Parsed implements RequestView, KnownUrl {
            @Override
            public URL parsedUrl() {
                return parsed;
            }

            @Override
            public String method() {
                return "POST";
            }

            @Override
            public String url() {
                throw new AssertionError("the parsed URL is read instead");
            }

            @Override
            public String header(String name) {
                return null;
            }
        }

        assertThat(QuotaKeys.of(new Parsed())).isEqualTo("https://res.openai.azure.com:443/openai/deployments/emb");
        assertThat(QuotaKeys.describe(new Parsed()).deployment()).isEqualTo("emb");
    }

    @Test
    void aViewOffersNoBodyByDefault() {
        RequestView bare = new RequestView() {
            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String url() {
                return "https://h.example/v1/files";
            }

            @Override
            public String header(String name) {
                return null;
            }
        };

        assertThat(bare.bodyIfInMemory(Integer.MAX_VALUE)).isNull();
    }

    private static RequestView view(String url, String body) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return new RequestView() {
            @Override
            public String method() {
                return "POST";
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String header(String name) {
                return Map.<String, String>of().get(name);
            }

            @Override
            public byte[] bodyIfInMemory(int maxBytes) {
                return bytes != null && bytes.length <= maxBytes ? bytes : null;
            }
        };
    }
}
