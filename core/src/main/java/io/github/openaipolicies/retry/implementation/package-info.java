// Licensed under the MIT License.
/**
 * The retry decision shared by the adapters: header parsing, backoff and jitter, the decision after each attempt and
 * the call's budget. Pure, free of I/O and of any HTTP client. Not API: may change in any release.
 */
package io.github.openaipolicies.retry.implementation;
