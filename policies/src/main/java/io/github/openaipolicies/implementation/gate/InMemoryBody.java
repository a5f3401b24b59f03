// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpRequest;
import com.azure.core.implementation.util.BinaryDataContent;
import com.azure.core.implementation.util.BinaryDataHelper;
import com.azure.core.implementation.util.ByteArrayContent;
import com.azure.core.implementation.util.ByteBufferContent;
import com.azure.core.implementation.util.FluxByteBufferContent;
import com.azure.core.implementation.util.ListByteBufferContent;
import com.azure.core.implementation.util.SerializableContent;
import com.azure.core.implementation.util.StringContent;
import com.azure.core.util.BinaryData;

/**
 * The bytes of a request body that is already in memory, read without any I/O: from a string, bytes, byte buffers,
 * a serialized object, or a replayable (buffered) flux. A body from a file or a stream, one that cannot be read twice,
 * or one larger than asked for has none, even when reading it would be possible: its reader could block.
 *
 * <p>{@link BinaryData} does not say where its content lives, so this asks azure-core's own accessor for it; where
 * that is not accessible (azure-core on the module path, which exports it only to its own modules) no body is
 * in memory, and callers fall back as they do for a stream.</p>
 */
public final class InMemoryBody {
    /** False once azure-core's accessor turned out not to be accessible, so that it is not tried on every request. */
    private static volatile boolean accessible = true;

    private InMemoryBody() {
    }

    /**
     * The request's body, when it is in memory and at most {@code maxBytes} long.
     *
     * @param request the request
     * @param maxBytes the largest body returned
     * @return the body's bytes (not to be changed), or null
     */
    public static byte[] bytes(HttpRequest request, long maxBytes) {
        BinaryData body = request.getBodyAsBinaryData();
        if (body == null || !body.isReplayable() || !inMemory(body)) {
            return null;
        }
        Long length = body.getLength();
        return length == null || length > maxBytes ? null : body.toBytes();
    }

    private static boolean inMemory(BinaryData body) {
        if (!accessible) {
            return false;
        }
        try {
            BinaryDataContent content = BinaryDataHelper.getContent(body);
            return content instanceof StringContent || content instanceof ByteArrayContent
                || content instanceof SerializableContent || content instanceof ByteBufferContent
                || content instanceof ListByteBufferContent || content instanceof FluxByteBufferContent;
        } catch (LinkageError notAccessible) {
            accessible = false;
            return false;
        }
    }
}
