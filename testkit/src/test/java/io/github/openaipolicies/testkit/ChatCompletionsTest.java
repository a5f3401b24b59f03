package io.github.openaipolicies.testkit;

import static io.github.openaipolicies.testkit.SimulatorClients.azure;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestMessage;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.ChatRole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** Chat completions are served for every configured deployment, through the sync and the async client. */
class ChatCompletionsTest {

    private static final String CHAT_DEPLOYMENT = "gpt-4o-mini";

    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension(
        AzureOpenAISimulator.builder().deployment(CHAT_DEPLOYMENT, 0, 0));

    @Test
    void syncClientGetsOneAssistantChoice() {
        ChatCompletions completions = azure(SIMULATOR.simulator(), HttpClientKind.NETTY).buildClient()
            .getChatCompletions(CHAT_DEPLOYMENT, options("Say hello"));

        assertThat(completions.getChoices()).singleElement().satisfies(choice -> {
            assertThat(choice.getMessage().getRole()).isEqualTo(ChatRole.ASSISTANT);
            assertThat(choice.getMessage().getContent()).isNotBlank();
        });
        assertThat(completions.getUsage().getPromptTokens()).isPositive();
        assertThat(SIMULATOR.simulator().journal().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.CHAT_COMPLETIONS);
            assertThat(entry.deployment()).isEqualTo(CHAT_DEPLOYMENT);
            assertThat(entry.status()).isEqualTo(200);
        });
    }

    @Test
    void asyncClientGetsOneChoice() {
        StepVerifier.create(azure(SIMULATOR.simulator(), HttpClientKind.OKHTTP).buildAsyncClient()
                .getChatCompletions(CHAT_DEPLOYMENT, options("Say hello")))
            .assertNext(completions -> assertThat(completions.getChoices()).hasSize(1))
            .verifyComplete();
        assertThat(SIMULATOR.simulator().journal().count(200)).isEqualTo(1);
    }

    private static ChatCompletionsOptions options(String prompt) {
        List<ChatRequestMessage> messages = List.of(new ChatRequestUserMessage(prompt));
        return new ChatCompletionsOptions(messages);
    }
}
