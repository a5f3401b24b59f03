// Licensed under the MIT License.
/** What the adapters log per attempt, whatever HTTP client sends the calls. */
package io.github.openaipolicies.logging;
