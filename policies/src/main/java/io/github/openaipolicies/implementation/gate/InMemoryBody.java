// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpRequest;
import com.azure.core.implementation.util.BinaryDataHelper;
import com.azure.core.util.BinaryData;

import java.util.Set;

/**
 * The bytes of a request body that is already in memory, so that its cost can be estimated without I/O.
 *
 * <p>A body made from bytes, a string, a serializable object or byte buffers is read; one backed by a file, a stream
 * or a {@code Flux} is not, replayable or not, since reading it could block the thread (on the async path, often an
 * I/O thread). azure-core does not say publicly what backs a {@link BinaryData}, so its content class is looked up,
 * by name, through azure-core's internal accessor; where that package is not readable (azure-core as a named module
 * on the module path, without {@code --add-exports}) no body is read.</p>
 */
public final class InMemoryBody {
    /** azure-core's package of the {@code BinaryDataContent} types. */
    static final String CONTENT_PACKAGE = "com.azure.core.implementation.util";
    private static final Set<String> IN_MEMORY = Set.of(CONTENT_PACKAGE + ".ByteArrayContent",
        CONTENT_PACKAGE + ".StringContent", CONTENT_PACKAGE + ".SerializableContent",
        CONTENT_PACKAGE + ".ByteBufferContent", CONTENT_PACKAGE + ".ListByteBufferContent");
    private static final boolean READABLE =
        BinaryData.class.getModule().isExported(CONTENT_PACKAGE, InMemoryBody.class.getModule());

    private InMemoryBody() {
    }

    /**
     * The body's bytes if it is in memory and at most {@code maxBytes} long.
     *
     * @param body the body, may be null
     * @param maxBytes the longest body read
     * @return its bytes, or null when there is none, it is not in memory or it is longer
     */
    public static byte[] bytes(BinaryData body, int maxBytes) {
        return READABLE && body != null ? Content.bytes(body, maxBytes) : null;
    }

    /**
     * The request's body if it is in memory and at most {@code maxBytes} long.
     *
     * @param request the request
     * @param maxBytes the longest body read
     * @return its bytes (not to be changed), or null when there is none, it is not in memory or it is longer
     */
    public static byte[] bytes(HttpRequest request, int maxBytes) {
        return bytes(request.getBodyAsBinaryData(), maxBytes);
    }

    /** Touches azure-core's internal package only once it is known to be readable. */
    private static final class Content {
        static byte[] bytes(BinaryData body, int maxBytes) {
            if (!IN_MEMORY.contains(BinaryDataHelper.getContent(body).getClass().getName())) {
                return null;
            }
            Long length = body.getLength();
            return length == null || length > maxBytes ? null : body.toBytes();
        }
    }
}
