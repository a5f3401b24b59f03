// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes one JSON line per embedded chunk:
 * {@code {"source":"README.md","chunkIndex":0,"sha256":"…","tokens":97,"vector":[0.01,…]}}.
 *
 * <p>The file is opened at the first write, not before: a run that fails before its first vector leaves an existing
 * file as it was. Thread-safe. A batch's lines are written whole and flushed together, so whatever is in the file at
 * any moment, including after the run is cancelled, is valid JSONL. Writes after {@link #close()} are dropped.</p>
 */
public final class EmbeddingWriter implements VectorSink, Closeable {
    /** How the output file is opened at the first write. */
    public enum Mode {
        /** The file must not exist yet. */
        CREATE_NEW,
        /** An existing file is truncated ({@code --overwrite}). */
        OVERWRITE,
        /** Lines are appended to an existing file ({@code --resume}). */
        APPEND
    }

    private final Path path;
    private final Mode mode;
    private BufferedWriter out;
    private long lines;
    private boolean closed;

    private EmbeddingWriter(Path path, Mode mode) {
        this.path = path;
        this.mode = mode;
    }

    /**
     * Prepares to write a new file or to replace an existing one; nothing is created or truncated before the first
     * write.
     *
     * @param path the output file
     * @return a writer
     */
    public static EmbeddingWriter open(Path path) {
        return open(path, Mode.OVERWRITE);
    }

    /**
     * Prepares to write; nothing is created, truncated or appended before the first write.
     *
     * @param path the output file
     * @param mode how to open it then
     * @return a writer
     */
    public static EmbeddingWriter open(Path path, Mode mode) {
        return new EmbeddingWriter(path, mode);
    }

    /**
     * Writes one line per chunk of a batch and flushes.
     *
     * @param chunks the chunks
     * @param vectors their vectors, in the same order
     * @return false when the writer was already closed and nothing was written
     * @throws IllegalArgumentException when the lists differ in size
     * @throws OutputFailure when the file cannot be opened or written
     */
    @Override
    public synchronized boolean write(List<Chunk> chunks, List<List<Float>> vectors) {
        if (chunks.size() != vectors.size()) {
            throw new IllegalArgumentException(chunks.size() + " chunks but " + vectors.size() + " vectors");
        }
        if (closed) {
            return false;
        }
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            block.append(line(chunks.get(i), vectors.get(i))).append('\n');
        }
        try {
            if (out == null) {
                out = openFile(path, mode);
            }
            out.write(block.toString());
            out.flush();
        } catch (IOException e) {
            closeAfterFailure();
            throw new OutputFailure("cannot write output " + path + ": " + e.getMessage(), e);
        }
        lines += chunks.size();
        return true;
    }

    private void closeAfterFailure() {
        closed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // the write already failed; that failure is the one reported
            }
        }
    }

    static BufferedWriter openFile(Path path, Mode mode) throws IOException {
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

    /**
     * The lines written so far.
     *
     * @return the number of lines
     */
    public synchronized long lines() {
        return lines;
    }

    /**
     * The output file.
     *
     * @return the path given to {@link #open(Path)}
     */
    public Path path() {
        return path;
    }

    /**
     * Flushes and closes the file; later writes are dropped. Closing twice is harmless.
     *
     * @throws UncheckedIOException when closing fails
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }

    static String line(Chunk chunk, List<Float> vector) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = JsonProviders.createWriter(text)) {
            json.writeStartObject()
                .writeStringField("source", chunk.source())
                .writeIntField("chunkIndex", chunk.index())
                .writeStringField("sha256", chunk.sha256())
                .writeIntField("tokens", chunk.tokens())
                .writeStartArray("vector");
            for (Float value : vector) {
                json.writeFloat(value);
            }
            json.writeEndArray().writeEndObject().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
