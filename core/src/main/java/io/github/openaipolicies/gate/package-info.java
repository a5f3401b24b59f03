// Licensed under the MIT License.
/**
 * The throttle gate: the state of each deployment's quota, shared by every call of a process (or, through a
 * shared-store gate, of many), whatever HTTP client sends the calls.
 */
package io.github.openaipolicies.gate;
