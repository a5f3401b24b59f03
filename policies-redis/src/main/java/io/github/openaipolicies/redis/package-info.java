// Licensed under the MIT License.
/**
 * A {@link io.github.openaipolicies.gate.ThrottleGate} whose per-deployment state lives in Redis:
 * {@link io.github.openaipolicies.redis.RedisThrottleGate}, so that many worker processes share one deployment's
 * quota.
 */
package io.github.openaipolicies.redis;
