// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.io.IOException;

/**
 * A request body as the per-attempt log line sees it, whatever HTTP client carries it: its declared length, whether
 * it can be read without taking it from the transport, and its bytes. {@link AttemptLogLine} reads it only when
 * {@link BodyLogDecision} allows it and it is replayable.
 */
public interface LoggableBody {
    /**
     * The body's declared length.
     *
     * @return the length in bytes, null when unknown
     */
    Long length();

    /**
     * Whether the body can be read now and again by the transport.
     *
     * @return true when reading it here leaves it whole for the transport
     */
    boolean isReplayable();

    /**
     * Reads the whole body, {@link #length()} bytes. Called only for a replayable body of known length.
     *
     * @return the bytes
     * @throws IOException when reading fails
     */
    byte[] read() throws IOException;
}
