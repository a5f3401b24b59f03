// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;

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
    }
}
