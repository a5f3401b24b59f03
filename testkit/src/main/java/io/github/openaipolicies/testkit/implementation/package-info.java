// Licensed under the MIT License.
/**
 * Internals of the simulator: the request engine (auth, routing, quota windows, faults) free of WireMock types, the
 * WireMock transformer that serves it, TLS material and the HTTP clients that trust it. Not an API: anything here may
 * change in any release.
 */
package io.github.openaipolicies.testkit.implementation;
