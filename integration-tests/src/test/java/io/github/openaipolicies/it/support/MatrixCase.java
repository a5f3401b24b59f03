// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.HttpClientKind;

/**
 * One cell of the integration matrix; its {@code toString} is the test's display name.
 *
 * @param construction how our policies get into the client
 * @param mode sync or async client
 * @param api the operation
 * @param transport the azure-core HTTP client implementation
 * @param credential the credential
 * @param scenario what the simulator does
 */
public record MatrixCase(Construction construction, ClientMode mode, Api api, HttpClientKind transport,
                         CredentialKind credential, Scenario scenario) {

    @Override
    public String toString() {
        return construction + " | " + mode + "." + api + " | " + transport + " | " + credential + " | " + scenario;
    }
}
