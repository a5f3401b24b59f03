// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Reads back the key-values of lines logged by azure-core's {@code ClientLogger}, whose formatted message is a JSON
 * object ({@code {"az.sdk.message":"...","key":value,...}}).
 */
final class LoggedLines {
    private LoggedLines() {
    }

    /**
     * Parses the key-values of one formatted message.
     *
     * @param message the formatted message
     * @return the key-values, {@code az.sdk.message} included
     */
    static Map<String, Object> keyValues(String message) {
        try (JsonReader reader = JsonProviders.createReader(message)) {
            return reader.readMap(JsonReader::readUntyped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses the key-values of every line a logger wrote during a capture.
     *
     * @param logs the capture
     * @param loggerClass the class the logger is named after
     * @return one map per line, in order
     */
    static List<Map<String, Object>> of(LogCapture logs, Class<?> loggerClass) {
        return logs.messages(loggerClass).stream().map(LoggedLines::keyValues).toList();
    }
}
