// Licensed under the MIT License.
/**
 * Internals of the Redis-backed throttle gate: not a public API, may change in any release.
 */
package io.github.openaipolicies.redis.implementation;
