// Licensed under the MIT License.
package io.github.openaipolicies.samples;

/** Bad input to BulkEmbed: reported as one line on stderr with exit status 2. */
final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
        super(message, null, false, false);
    }
}
