// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.CompletionsFinishReason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads one streamed chat completion ({@code getChatCompletionsStream}) through a sync or an async client, noting
 * when the first chunk reached the caller and how the stream ended.
 */
public final class StreamCalls {
    private static final Duration ASYNC_BLOCK_LIMIT = ClientWiring.CALL_TIMEOUT.plusSeconds(10);

    /**
     * What the caller saw.
     *
     * @param chunks the chunks, in order
     * @param firstChunkAt when the first chunk reached the caller (the system clock, which the simulator also reads),
     *     or null when none did
     * @param failure how the stream failed, or null when it completed
     */
    public record Outcome(List<ChatCompletions> chunks, Instant firstChunkAt, Throwable failure) {
        /**
         * The text of the assistant's reply, joined from the chunks' deltas.
         *
         * @return the text
         */
        public String text() {
            return chunks.stream().flatMap(chunk -> chunk.getChoices().stream())
                .map(ChatChoice::getDelta).filter(Objects::nonNull)
                .map(delta -> delta.getContent() == null ? "" : delta.getContent())
                .collect(Collectors.joining());
        }

        /**
         * The finish reasons the chunks carried.
         *
         * @return the non-null finish reasons, in order
         */
        public List<CompletionsFinishReason> finishReasons() {
            return chunks.stream().flatMap(chunk -> chunk.getChoices().stream())
                .map(ChatChoice::getFinishReason).filter(Objects::nonNull).toList();
        }
    }

    private StreamCalls() {
    }

    /**
     * Streams a chat completion from {@link Calls#DEPLOYMENT}.
     *
     * @param builder the client builder
     * @param mode sync or async
     * @return what the caller saw
     */
    public static Outcome stream(OpenAIClientBuilder builder, ClientMode mode) {
        ChatCompletionsOptions options = new ChatCompletionsOptions(List.of(new ChatRequestUserMessage(Calls.INPUT)));
        List<ChatCompletions> chunks = new ArrayList<>();
        Instant[] firstChunkAt = new Instant[1];
        Throwable failure = null;
        try {
            if (mode == ClientMode.SYNC) {
                for (ChatCompletions chunk : builder.buildClient().getChatCompletionsStream(Calls.DEPLOYMENT, options)) {
                    note(chunk, chunks, firstChunkAt);
                }
            } else {
                builder.buildAsyncClient().getChatCompletionsStream(Calls.DEPLOYMENT, options)
                    .doOnNext(chunk -> note(chunk, chunks, firstChunkAt))
                    .then()
                    .block(ASYNC_BLOCK_LIMIT);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        return new Outcome(List.copyOf(chunks), firstChunkAt[0], failure);
    }

    private static void note(ChatCompletions chunk, List<ChatCompletions> chunks, Instant[] firstChunkAt) {
        if (firstChunkAt[0] == null) {
            firstChunkAt[0] = Instant.now();
        }
        chunks.add(chunk);
    }
}
