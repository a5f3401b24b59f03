// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one JSON line per embedded chunk:
 * {@code {"source":"README.md","chunkIndex":0,"sha256":"…","tokens":97,"vector":[0.01,…]}}.
 *
 * <p>Thread-safe. A batch's lines are written whole under one lock and flushed together, so whatever is in the file
 * at any moment, including after the run is cancelled, is valid JSONL. Writes after {@link #close()} are dropped.</p>
 */
public final class EmbeddingWriter implements Closeable {
    private final Path path;
    private final BufferedWriter out;
    private long lines;
    private boolean closed;

    private EmbeddingWriter(Path path, BufferedWriter out) {
        this.path = path;
        this.out = out;
    }

    /**
     * Opens (creating or truncating) the output file, creating its folder when needed.
     *
     * @param path the output file
     * @return an open writer
     * @throws UncheckedIOException when the file cannot be created
     */
    public static EmbeddingWriter open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new EmbeddingWriter(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one line per chunk of a batch and flushes.
     *
     * @param chunks the chunks
     * @param vectors their vectors, in the same order
     * @return false when the writer was already closed and nothing was written
     * @throws IllegalArgumentException when the lists differ in size
     * @throws UncheckedIOException when writing fails
     */
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
            out.write(block.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + path + ": " + e.getMessage(), e);
        }
        lines += chunks.size();
        return true;
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
