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
 * Records every chunk that failed for good as one JSON line in {@code failed.jsonl} beside the output:
 * {@code {"source":"a.md","chunkIndex":3,"sha256":"…","status":400,"code":"invalid_request_error","message":"…"}}.
 * {@code --resume} retries exactly these chunks.
 *
 * <p>The file is replaced (or, when resuming, appended to) at the first failure only. Thread-safe.</p>
 */
public final class FailureLog implements Closeable {
    /** The file's name, in the output's folder. */
    public static final String FILE_NAME = "failed.jsonl";

    private final LineFile file;

    /**
     * Prepares the list beside an output file; nothing is written before the first failure.
     *
     * @param output the output file
     * @param append whether to append to an existing list ({@code --resume}) rather than replace it
     */
    public FailureLog(Path output, boolean append) {
        this.file = new LineFile(pathFor(output), append ? EmbeddingWriter.Mode.APPEND
            : EmbeddingWriter.Mode.OVERWRITE, "the list of failed chunks");
    }

    /**
     * Where the list of failed chunks of an output file is.
     *
     * @param output the output file
     * @return {@code failed.jsonl} in the same folder
     */
    public static Path pathFor(Path output) {
        return output.toAbsolutePath().normalize().resolveSibling(FILE_NAME);
    }

    /**
     * Records chunks that failed together.
     *
     * @param chunks the chunks
     * @param failure why they failed
     * @throws OutputFailure when the list cannot be written
     */
    public void record(List<Chunk> chunks, BatchFailure failure) {
        StringBuilder block = new StringBuilder();
        chunks.forEach(chunk -> block.append(line(chunk, failure)).append('\n'));
        file.write(block.toString(), chunks.size());
    }

    /**
     * The chunks recorded by this run.
     *
     * @return the count
     */
    public long lines() {
        return file.lines();
    }

    /**
     * The list's file.
     *
     * @return its path
     */
    public Path path() {
        return file.path();
    }

    /** Closes the list; later failures are not recorded. */
    @Override
    public void close() {
        file.close();
    }

    private static String line(Chunk chunk, BatchFailure failure) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = JsonProviders.createWriter(text)) {
            json.writeStartObject()
                .writeStringField("source", chunk.source())
                .writeIntField("chunkIndex", chunk.index())
                .writeStringField("sha256", chunk.sha256())
                .writeIntField("status", failure.status())
                .writeStringField("code", failure.code())
                .writeStringField("message", failure.message())
                .writeEndObject().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
