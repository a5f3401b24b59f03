// Licensed under the MIT License.
/**
 * The OkHttp adapter's internals: one call's attempts, the request and header views the core reads, the attempt log
 * line and the waits. Not an API: may change in any release.
 */
package io.github.openaipolicies.okhttp.implementation;
