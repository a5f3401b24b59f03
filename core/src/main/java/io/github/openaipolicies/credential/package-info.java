// Licensed under the MIT License.
/**
 * Credential rules shared by every adapter: each attempt carries exactly one value of each credential header. A
 * request whose credential header carries several different values is never sent; it fails with
 * {@link io.github.openaipolicies.credential.DuplicateCredentialException}, whose message names the header and never
 * contains a value.
 */
package io.github.openaipolicies.credential;
