// Licensed under the MIT License.
/**
 * The Retry-After retry, whatever HTTP client sends the calls: {@link io.github.openaipolicies.retry.RetryAfterOptions}
 * say how often to retry, how long to back off, and how long a server-requested delay ({@code retry-after-ms},
 * {@code x-ms-retry-after-ms}, {@code Retry-After}) and the whole call may last. The adapters (azure-core's
 * {@code RetryAfterPolicy}, the openai-java adapter) run the same decision with them.
 */
package io.github.openaipolicies.retry;
