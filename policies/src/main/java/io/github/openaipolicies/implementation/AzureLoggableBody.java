// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.util.BinaryData;
import io.github.openaipolicies.core.implementation.LoggableBody;

import java.io.IOException;
import java.io.InputStream;

/** The core's {@link LoggableBody} over an azure-core request body. */
public final class AzureLoggableBody {
    private AzureLoggableBody() {
    }

    /**
     * Views a request body as the log line reads it.
     *
     * @param body the body, may be null
     * @return the view, null when {@code body} is null
     */
    public static LoggableBody of(BinaryData body) {
        if (body == null) {
            return null;
        }
        return new LoggableBody() {
            @Override
            public Long length() {
                return body.getLength();
            }

            @Override
            public boolean isReplayable() {
                return body.isReplayable();
            }

            @Override
            public byte[] read() throws IOException {
                try (InputStream in = body.toStream()) {
                    return in.readNBytes(body.getLength().intValue());
                }
            }
        };
    }
}
