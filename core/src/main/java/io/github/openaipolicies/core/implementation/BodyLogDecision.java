// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.Locale;

/**
 * Decides, from a body's content type and declared length alone (no I/O), whether {@code RequestLoggingPolicy} reads
 * it to log it. Shared by the request and the response, on the sync and async paths.
 *
 * <p>A body is read only when its content type is text or JSON ({@link #isLoggableContentType(String)}) and its
 * length is known and at most the read limit ({@link LoggingConfig#bodyReadLimit()}): reading it then holds a bounded
 * number of bytes, and never waits for a stream whose end is unknown. Any other body is left untouched.</p>
 *
 * @param read whether to read the body and log it
 * @param placeholder what to log instead of a body that is not read, or null to log nothing about it
 */
public record BodyLogDecision(boolean read, String placeholder) {
    private static final BodyLogDecision READ = new BodyLogDecision(true, null);
    private static final BodyLogDecision SILENT = new BodyLogDecision(false, null);
    private static final BodyLogDecision EMPTY = new BodyLogDecision(false, "");
    private static final BodyLogDecision UNKNOWN_LENGTH = new BodyLogDecision(false, "(not logged: length unknown)");

    /**
     * Decides for one body.
     *
     * @param contentType the body's content type, may be null
     * @param length the body's declared length in bytes, null when unknown
     * @param readLimit the largest length that is read
     * @return the decision
     */
    public static BodyLogDecision decide(String contentType, Long length, long readLimit) {
        if (!isLoggableContentType(contentType)) {
            return SILENT;
        }
        if (length == null || length < 0) {
            return UNKNOWN_LENGTH;
        }
        if (length == 0) {
            return EMPTY;
        }
        if (length > readLimit) {
            return new BodyLogDecision(false, "(not logged: " + length + " bytes, above the " + readLimit
                + "-byte limit)");
        }
        return READ;
    }

    /**
     * Parses a {@code Content-Length} header value.
     *
     * @param value the header value, may be null
     * @return the length, null when absent or not a non-negative whole number
     */
    public static Long parseLength(String value) {
        if (value == null) {
            return null;
        }
        try {
            long length = Long.parseLong(value.trim());
            return length < 0 ? null : length;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Whether a content type is text or JSON: {@code text/*} except {@code text/event-stream} (a stream that must not
     * be buffered), {@code application/json}, {@code application/*+json}.
     *
     * @param contentType the content type, may be null
     * @return whether bodies of that type may be logged
     */
    public static boolean isLoggableContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
            .toLowerCase(Locale.ROOT);
        return (mime.startsWith("text/") && !mime.equals("text/event-stream"))
            || mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }
}
