// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.http.HttpClient;
import com.openai.credential.BearerTokenCredential;
import com.openai.credential.Credential;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.openai.OpenAIJavaPolicies;
import io.github.openaipolicies.openai.OpenAIJavaPolicyOptions;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The openai-java side of the matrix: builds an openai-java {@code OpenAIClient} over
 * {@code OpenAIJavaPolicies.wrap(transport)} for one of the {@link Construction#openAIJava()} constructions, and
 * makes a matrix call through it. openai-java's own retry is left at its default (2 retries): the wrapper must make it
 * harmless.
 */
public final class OpenAIJavaCalls {
    private static final Duration ASYNC_WAIT_LIMIT = ClientWiring.CALL_TIMEOUT.plusSeconds(10);

    private OpenAIJavaCalls() {
    }

    /**
     * openai-java's OkHttp transport, trusting the simulator's self-signed certificate.
     *
     * @param simulator the simulator
     * @return a new transport (the client built on it closes it)
     */
    public static HttpClient transport(AzureOpenAISimulator simulator) {
        return OkHttpClient.builder().sslSocketFactory(simulator.sslContext().getSocketFactory())
            .trustManager(simulator.trustManager()).build();
    }

    /**
     * An openai-java client over the given (already wrapped or not) transport, in the construction's URL shape.
     *
     * @param simulator the simulator
     * @param construction {@link Construction#OPENAI_JAVA_V1} or {@link Construction#OPENAI_JAVA_DEPLOYMENTS}
     * @param httpClient the per-attempt client openai-java is given
     * @param credential the credential
     * @return the client; close it when done
     */
    public static OpenAIClient client(AzureOpenAISimulator simulator, Construction construction,
        HttpClient httpClient, Credential credential) {
        return new OpenAIClientImpl(clientOptions(simulator, construction, httpClient, credential));
    }

    /**
     * The options of an openai-java client in the construction's URL shape; everything else, {@code maxRetries}
     * included, at openai-java's defaults.
     *
     * @param simulator the simulator
     * @param construction {@link Construction#OPENAI_JAVA_V1} or {@link Construction#OPENAI_JAVA_DEPLOYMENTS}
     * @param httpClient the per-attempt client openai-java is given
     * @param credential the credential
     * @return the options
     */
    public static ClientOptions clientOptions(AzureOpenAISimulator simulator, Construction construction,
        HttpClient httpClient, Credential credential) {
        return clientOptionsBuilder(simulator, construction, httpClient, credential).build();
    }

    /**
     * The options builder of {@link #clientOptions}, for a caller that sets more (a timeout).
     *
     * @param simulator the simulator
     * @param construction {@link Construction#OPENAI_JAVA_V1} or {@link Construction#OPENAI_JAVA_DEPLOYMENTS}
     * @param httpClient the per-attempt client openai-java is given
     * @param credential the credential
     * @return the builder
     */
    public static ClientOptions.Builder clientOptionsBuilder(AzureOpenAISimulator simulator,
        Construction construction, HttpClient httpClient, Credential credential) {
        ClientOptions.Builder options = ClientOptions.builder().httpClient(httpClient).credential(credential);
        switch (construction) {
            case OPENAI_JAVA_V1 -> options.baseUrl(simulator.endpoint() + "/openai/v1");
            case OPENAI_JAVA_DEPLOYMENTS -> options.baseUrl(simulator.endpoint())
                .azureUrlPathMode(AzureUrlPathMode.LEGACY);
            default -> throw new IllegalArgumentException(construction + " builds no openai-java client");
        }
        return options;
    }

    /**
     * An openai-java client protected by {@code OpenAIJavaPolicies.wrap}, over a transport of its own.
     *
     * @param simulator the simulator
     * @param construction the openai-java construction
     * @param credentialKind {@link CredentialKind#AZURE_KEY} or {@link CredentialKind#TOKEN}
     * @param wrongKey whether to use a key the simulator refuses (only with {@link CredentialKind#AZURE_KEY})
     * @param options the policies' options
     * @return the client; close it when done
     */
    public static OpenAIClient wrapped(AzureOpenAISimulator simulator, Construction construction,
        CredentialKind credentialKind, boolean wrongKey, OpenAIJavaPolicyOptions options) {
        return client(simulator, construction, OpenAIJavaPolicies.wrap(transport(simulator), options),
            credential(credentialKind, wrongKey));
    }

    /**
     * The openai-java credential of a matrix credential kind. Of the kinds, openai-java on Azure takes an api-key
     * ({@code AzureApiKeyCredential}) and a bearer token from a supplier ({@code BearerTokenCredential}, the shape of
     * an Entra ID token provider); the api.openai.com key and azure-identity's {@code ClientSecretCredential} are
     * azure-ai-openai rows.
     *
     * @param kind {@link CredentialKind#AZURE_KEY} or {@link CredentialKind#TOKEN}
     * @param wrongKey whether to use a key the simulator refuses (only with {@link CredentialKind#AZURE_KEY})
     * @return the credential
     */
    public static Credential credential(CredentialKind kind, boolean wrongKey) {
        if (wrongKey && kind != CredentialKind.AZURE_KEY) {
            throw new IllegalArgumentException("the wrong-key scenario uses the api-key credential");
        }
        return switch (kind) {
            case AZURE_KEY -> AzureApiKeyCredential.create(wrongKey ? Secrets.WRONG_API_KEY
                : AzureOpenAISimulator.DEFAULT_API_KEY);
            case TOKEN -> BearerTokenCredential.create(() -> Secrets.LAMBDA_TOKEN);
            default -> throw new IllegalArgumentException(kind + " is not an openai-java matrix credential");
        };
    }

    /**
     * Makes the call and checks the answer is a real one. An async call's failure is unwrapped from the
     * {@code CompletionException}, so both modes throw what openai-java threw.
     *
     * @param client the client
     * @param mode {@code client.embeddings()} or {@code client.async().embeddings()}
     * @param api the operation
     * @throws RuntimeException whatever openai-java throws, e.g. {@code RateLimitException}
     */
    public static void invoke(OpenAIClient client, ClientMode mode, Api api) {
        switch (api) {
            case EMBEDDINGS -> {
                EmbeddingCreateParams params = EmbeddingCreateParams.builder().model(Calls.DEPLOYMENT)
                    .input(Calls.INPUT).build();
                CreateEmbeddingResponse embeddings = mode == ClientMode.SYNC
                    ? client.embeddings().create(params)
                    : await(client.async().embeddings().create(params));
                assertThat(embeddings.data()).hasSize(1);
                assertThat(embeddings.data().get(0).embedding()).isNotEmpty();
            }
            case CHAT_COMPLETIONS -> {
                ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model(ChatModel.of(Calls.DEPLOYMENT)).addUserMessage(Calls.INPUT).build();
                ChatCompletion chat = mode == ClientMode.SYNC
                    ? client.chat().completions().create(params)
                    : await(client.async().chat().completions().create(params));
                assertThat(chat.choices()).isNotEmpty();
                assertThat(chat.choices().get(0).message().content()).hasValueSatisfying(
                    content -> assertThat(content).isNotBlank());
            }
        }
    }

    /**
     * The HTTP status an openai-java failure carries.
     *
     * @param failure what the call threw
     * @return the status of an {@code OpenAIServiceException}, else empty
     */
    public static OptionalInt status(Throwable failure) {
        return failure instanceof OpenAIServiceException service ? OptionalInt.of(service.statusCode())
            : OptionalInt.empty();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(ASYNC_WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException("the async call did not end within " + ASYNC_WAIT_LIMIT, e);
        }
    }
}
