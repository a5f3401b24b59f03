// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;

import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

    private final LineFile file;

    private EmbeddingWriter(Path path, Mode mode) {
        this.file = new LineFile(path, mode, "output");
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
    public boolean write(List<Chunk> chunks, List<List<Float>> vectors) {
        if (chunks.size() != vectors.size()) {
            throw new IllegalArgumentException(chunks.size() + " chunks but " + vectors.size() + " vectors");
        }
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            block.append(line(chunks.get(i), vectors.get(i))).append('\n');
        }
        return file.write(block.toString(), chunks.size());
    }

    /**
     * The lines written so far.
     *
     * @return the number of lines
     */
    public long lines() {
        return file.lines();
    }

    /**
     * The output file.
     *
     * @return the path given to {@link #open(Path)}
     */
    public Path path() {
        return file.path();
    }

    /** Closes the file (every batch was flushed when written); later writes are dropped. Closing twice is harmless. */
    @Override
    public void close() {
        file.close();
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
