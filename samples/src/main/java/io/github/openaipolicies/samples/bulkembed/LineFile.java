// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A text file written in blocks of whole lines, opened at the first block (not before), each block flushed at once.
 * After a failed write or {@link #close()}, later blocks are dropped. Thread-safe.
 */
final class LineFile {
    private final Path path;
    private final EmbeddingWriter.Mode mode;
    private final String what;
    private BufferedWriter out;
    private long lines;
    private boolean closed;

    /**
     * Prepares the file.
     *
     * @param path the file
     * @param mode how to open it at the first block
     * @param what the file's role in error messages, e.g. {@code output}
     */
    LineFile(Path path, EmbeddingWriter.Mode mode, String what) {
        this.path = path;
        this.mode = mode;
        this.what = what;
    }

    /**
     * Writes whole lines and flushes.
     *
     * @param block the lines, each ending with a line break
     * @param count how many lines the block holds
     * @return false when the file was already closed and nothing was written
     * @throws OutputFailure when the file cannot be opened or written; the file is then closed
     */
    synchronized boolean write(String block, int count) {
        if (closed) {
            return false;
        }
        try {
            if (out == null) {
                out = open();
            }
            out.write(block);
            out.flush();
        } catch (IOException e) {
            close();
            throw new OutputFailure("cannot write " + what + " " + path + ": " + e.getMessage(), e);
        }
        lines += count;
        return true;
    }

    private BufferedWriter open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OpenOption[] options = switch (mode) {
            case CREATE_NEW -> new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
            case OVERWRITE -> new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE};
            case APPEND -> new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND};
        };
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path, options), StandardCharsets.UTF_8));
    }

    synchronized long lines() {
        return lines;
    }

    Path path() {
        return path;
    }

    /** Closes the file; every block was flushed when written, so nothing is lost. Closing twice is harmless. */
    synchronized void close() {
        closed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // every block was flushed when written (or its failure reported)
            }
            out = null;
        }
    }
}
