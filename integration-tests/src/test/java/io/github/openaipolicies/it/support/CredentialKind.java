// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.JournalEntry;

/**
 * The credential dimension of the matrix: how the client authenticates, and which header carries it.
 */
public enum CredentialKind {
    /** {@code AzureKeyCredential} on the Azure endpoint: {@code api-key: <key>}. */
    AZURE_KEY("AzureKeyCredential (api-key)", JournalEntry.API_KEY, true),
    /** {@code KeyCredential} with no endpoint, the api.openai.com shape: {@code Authorization: Bearer <key>}. */
    OPENAI_KEY("KeyCredential, api.openai.com (Bearer key)", JournalEntry.AUTHORIZATION, false),
    /** A {@code TokenCredential} lambda returning a fixed {@code AccessToken}: {@code Authorization: Bearer}. */
    TOKEN("TokenCredential lambda (Bearer token)", JournalEntry.AUTHORIZATION, true),
    /** azure-identity's {@code ClientSecretCredential} against the {@link EntraIdStub}: {@code Authorization}. */
    CLIENT_SECRET("ClientSecretCredential via Entra ID stub (Bearer token)", JournalEntry.AUTHORIZATION, true);

    private final String displayName;
    private final String header;
    private final boolean azureEndpoint;

    CredentialKind(String displayName, String header, boolean azureEndpoint) {
        this.displayName = displayName;
        this.header = header;
        this.azureEndpoint = azureEndpoint;
    }

    /**
     * The header that carries this credential, as keyed in {@link JournalEntry#authHeaderValueCounts()}.
     *
     * @return {@code api-key} or {@code authorization}
     */
    public String header() {
        return header;
    }

    /**
     * Whether the client is given the simulator's Azure endpoint; otherwise it is given none and talks to
     * {@code https://api.openai.com/v1}, which the simulator's HTTP clients send to the simulator.
     *
     * @return true for the Azure shape
     */
    public boolean azureEndpoint() {
        return azureEndpoint;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
