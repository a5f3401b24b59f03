// Licensed under the MIT License.
/** What every adapter's options share, whatever HTTP client sends the calls. */
package io.github.openaipolicies.core;
