// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes the corpus's files strictly: the encoding a byte order mark names (UTF-8, UTF-16 BE or LE), else UTF-8,
 * with malformed input reported rather than replaced, and the byte order mark left out of the text.
 */
public final class TextFiles {
    private static final int BLOCK = 8192;

    private TextFiles() {
    }

    /**
     * Opens a strict reader of a stream's text, after its byte order mark if any. The reader throws
     * {@link CharacterCodingException} on malformed input.
     *
     * @param in the bytes; closed with the reader
     * @return the reader
     * @throws IOException when the first bytes cannot be read
     */
    public static Reader open(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BLOCK);
        buffered.mark(3);
        byte[] head = buffered.readNBytes(3);
        Charset charset = StandardCharsets.UTF_8;
        int bom = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            bom = 3;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        }
        buffered.reset();
        buffered.skipNBytes(bom);
        return new InputStreamReader(buffered, charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /**
     * Reads a whole stream once, keeping nothing, to tell whether it is text BulkEmbed can embed.
     *
     * @param in the bytes; closed here
     * @return why it must be skipped, or empty when it is valid text without NUL characters
     * @throws IOException when reading fails (other than by malformed input)
     */
    public static Optional<SkipReason> check(InputStream in) throws IOException {
        char[] block = new char[BLOCK];
        try (Reader reader = open(in)) {
            for (int read = reader.read(block); read >= 0; read = reader.read(block)) {
                for (int i = 0; i < read; i++) {
                    if (block[i] == '\0') {
                        return Optional.of(SkipReason.BINARY);
                    }
                }
            }
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of(SkipReason.INVALID_ENCODING);
        }
    }
}
