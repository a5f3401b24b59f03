// Licensed under the MIT License.
/**
 * Internals shared by the core's packages and the adapters: the monotonic clock, option checks, the header view.
 * Not API: may change in any release.
 */
package io.github.openaipolicies.core.implementation;
