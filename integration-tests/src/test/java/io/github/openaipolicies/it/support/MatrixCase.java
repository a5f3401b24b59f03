// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.HttpClientKind;

/**
 * One cell of the integration matrix; its {@code toString} is the test's display name.
 *
 * @param construction how our policies get into the client
 * @param mode sync or async client ({@code client.embeddings()} or {@code client.async().embeddings()} for openai-java)
 * @param api the operation
 * @param transport the azure-core HTTP client implementation (not used by the openai-java constructions, which send
 *     over openai-java's OkHttp client)
 * @param credential the credential
 * @param scenario what the simulator does
 */
public record MatrixCase(Construction construction, ClientMode mode, Api api, HttpClientKind transport,
                         CredentialKind credential, Scenario scenario) {

    @Override
    public String toString() {
        Object sentOver = construction.isOpenAIJava() ? "openai-java OkHttpClient" : transport;
        return construction + " | " + mode + "." + api + " | " + sentOver + " | " + credential + " | " + scenario;
    }
}
