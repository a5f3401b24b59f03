// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.credential.BearerTokenCredential;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code --client openai-java} takes from a real endpoint's {@link Target}. */
class TargetOpenAIJavaTest {
    @Test
    void aRealEndpointGetsTheV1BaseUrlAndItsApiKey() {
        try (Target target = Target.azure(Map.of(Target.ENDPOINT_VARIABLE, " https://res.openai.azure.com/ ",
            Target.API_KEY_VARIABLE, "key"), "emb")) {
            assertThat(target.openAIJavaBaseUrl()).isEqualTo("https://res.openai.azure.com/openai/v1");
            assertThat(target.openAIJavaCredential()).isInstanceOf(AzureApiKeyCredential.class);
        }
    }

    @Test
    void withoutAKeyARealEndpointGetsABearerTokenCredential() {
        try (Target target = Target.azure(Map.of(Target.ENDPOINT_VARIABLE, "https://res.openai.azure.com"), "emb")) {
            assertThat(target.openAIJavaBaseUrl()).isEqualTo("https://res.openai.azure.com/openai/v1");
            assertThat(target.openAIJavaCredential()).isInstanceOf(BearerTokenCredential.class);
        }
    }
}
