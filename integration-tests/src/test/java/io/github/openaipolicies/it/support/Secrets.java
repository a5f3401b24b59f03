// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;

import java.util.List;

/**
 * Every credential value the suite configures: keys, tokens and the Entra ID client secret. None of them may ever
 * appear in a log line ({@link NoSecretsInLogsExtension}). Each is long and unlike any other text, so finding one in a
 * log is never a coincidence.
 */
public final class Secrets {
    /** The key the api.openai.com-shaped client sends as {@code Authorization: Bearer <key>}. */
    public static final String OPENAI_KEY = "sk-it-openai-5d1e9b7c3a8f4260";

    /** The token a simple {@code TokenCredential} lambda hands out. */
    public static final String LAMBDA_TOKEN = AzureOpenAISimulator.DEFAULT_BEARER_TOKEN;

    /** The first token the Entra ID stub issues to the client secret credential. */
    public static final String ENTRA_TOKEN_1 = "eyJ0eXAiOiJKV1QiLCJpdC1lbnRyYS0xIjoiOWYzYTFjIn0.first-3c71a9e5";

    /** The second token the Entra ID stub issues (after the first expired). */
    public static final String ENTRA_TOKEN_2 = "eyJ0eXAiOiJKV1QiLCJpdC1lbnRyYS0yIjoiNGIyZDhlIn0.second-8e24f6b0";

    /** The client secret of the Entra ID application registration. */
    public static final String CLIENT_SECRET = "it~client~secret~0c8d5f2a7e9b4163";

    /** An API key the simulator does not know. */
    public static final String WRONG_API_KEY = "wrong-key-6a2f8c0e4d1b9357";

    private Secrets() {
    }

    /**
     * Every configured credential value.
     *
     * @return the api-key, the OpenAI key, every token, the client secret and the wrong key
     */
    public static List<String> all() {
        return List.of(AzureOpenAISimulator.DEFAULT_API_KEY, OPENAI_KEY, LAMBDA_TOKEN, ENTRA_TOKEN_1, ENTRA_TOKEN_2,
            CLIENT_SECRET, WRONG_API_KEY);
    }

    /**
     * The tokens the simulator must accept in {@code Authorization: Bearer <token>}.
     *
     * @return the OpenAI key, the lambda's token and both Entra ID tokens
     */
    public static String[] bearerTokens() {
        return new String[] {OPENAI_KEY, LAMBDA_TOKEN, ENTRA_TOKEN_1, ENTRA_TOKEN_2};
    }
}
