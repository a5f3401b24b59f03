// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The output (or the failure list) cannot be written: the run must stop at once rather than keep paying for vectors
 * it cannot keep.
 */
public final class OutputFailure extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message what could not be written, and why
     * @param cause the I/O error
     */
    public OutputFailure(String message, IOException cause) {
        super(message, cause);
    }
}
