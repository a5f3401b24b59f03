// Licensed under the MIT License.
/**
 * The in-memory throttle gate: {@link io.github.openaipolicies.gate.implementation.KeyLedger} decides, per quota
 * key and without I/O, whether a cost may go now or when to ask again, and absorbs what responses say;
 * {@link io.github.openaipolicies.gate.implementation.KeyQueue} keeps the attempts waiting for one key in call-start
 * order and wakes them; {@link io.github.openaipolicies.gate.implementation.InMemoryThrottleGate} holds one pair per
 * key. Quota keys, token cost and the quota headers of a response are read here too. Not public API.
 */
package io.github.openaipolicies.gate.implementation;
