// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import java.time.Duration;

/**
 * A delay the server asked for, and the header it came from.
 *
 * @param header the name of the header that carried the delay, as it is spelled in
 * {@link RetryAfterHeaders}
 * @param delay the requested delay, zero or positive
 */
public record ServerDelay(String header, Duration delay) {
}
