// Licensed under the MIT License.
/**
 * Internals of the policies: decision logic free of I/O shared by the sync and async paths, header parsing, log-line
 * assembly and credential policies for loopback tests. Not an API: anything here may change in any release.
 */
package io.github.openaipolicies.implementation;
