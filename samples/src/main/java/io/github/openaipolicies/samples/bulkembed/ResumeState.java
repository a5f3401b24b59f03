// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What a previous run left in the output file, for {@code --resume}: the chunks already embedded, by source and text
 * hash (so that a chunk whose text is unchanged is not paid for twice, even when an edit earlier in its file moved its
 * index). A torn last line, left by a process killed in the middle of a write, is cut off, so that appending goes on
 * from the last complete line.
 */
public final class ResumeState {
    private final Map<String, Integer> done;
    private final long lines;
    private final long tornBytes;

    private ResumeState(Map<String, Integer> done, long lines, long tornBytes) {
        this.done = done;
        this.lines = lines;
        this.tornBytes = tornBytes;
    }

    /**
     * The state of a run that does not resume: nothing done yet.
     *
     * @return an empty state
     */
    public static ResumeState empty() {
        return new ResumeState(new HashMap<>(), 0, 0);
    }

    /**
     * Reads an output file and cuts off a torn last line (an incomplete line, or one that is not a complete JSON
     * object with a source and a hash).
     *
     * @param output the output file; when missing, nothing is done yet
     * @return the state
     * @throws IOException when the file cannot be read or cut
     */
    public static ResumeState load(Path output) throws IOException {
        Map<String, Integer> done = new HashMap<>();
        if (!Files.exists(output)) {
            return new ResumeState(done, 0, 0);
        }
        long size = Files.size(output);
        long validEnd = 0;
        long lines = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(output), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long position = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                position++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                Optional<String> key = key(line.toString(StandardCharsets.UTF_8));
                line.reset();
                if (key.isEmpty()) {
                    break; // a broken line: it and everything after it are rewritten
                }
                done.merge(key.get(), 1, Integer::sum);
                lines++;
                validEnd = position;
            }
        }
        if (validEnd < size) {
            try (FileChannel channel = FileChannel.open(output, StandardOpenOption.WRITE)) {
                channel.truncate(validEnd);
            }
        }
        return new ResumeState(done, lines, size - validEnd);
    }

    /**
     * Whether a chunk is in the output already; each line of the output accounts for one chunk only.
     *
     * @param chunk a chunk of the corpus
     * @return true (once per matching line) when it need not be sent again
     */
    public boolean take(Chunk chunk) {
        String key = chunk.source() + '\n' + chunk.sha256();
        Integer count = done.get(key);
        if (count == null) {
            return false;
        }
        if (count == 1) {
            done.remove(key);
        } else {
            done.put(key, count - 1);
        }
        return true;
    }

    /**
     * The chunks still to send: those not in the output, each one skipped counted in the stats as already done.
     *
     * @param chunks the corpus's chunks
     * @param stats where skipped chunks are counted
     * @return the chunks to send, pulled lazily
     */
    public Iterator<Chunk> remaining(Iterator<Chunk> chunks, RunStats stats) {
        return new Iterator<>() {
            private Chunk next;

            @Override
            public boolean hasNext() {
                while (next == null && chunks.hasNext()) {
                    Chunk chunk = chunks.next();
                    if (take(chunk)) {
                        stats.alreadyDone(1);
                    } else {
                        next = chunk;
                    }
                }
                return next != null;
            }

            @Override
            public Chunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Chunk chunk = next;
                next = null;
                return chunk;
            }
        };
    }

    /**
     * The complete lines in the output.
     *
     * @return the count
     */
    public long lines() {
        return lines;
    }

    /**
     * The bytes of a torn last line that were cut off.
     *
     * @return 0 when the file ended with a complete line
     */
    public long tornBytes() {
        return tornBytes;
    }

    private static Optional<String> key(String line) {
        String source = null;
        String sha256 = null;
        try (JsonReader reader = JsonProviders.createReader(line)) {
            if (reader.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (reader.nextToken() != JsonToken.END_OBJECT) {
                String field = reader.getFieldName();
                reader.nextToken();
                if ("source".equals(field)) {
                    source = reader.getString();
                } else if ("sha256".equals(field)) {
                    sha256 = reader.getString();
                } else {
                    reader.skipChildren();
                }
            }
            if (reader.nextToken() != null && reader.currentToken() != JsonToken.END_DOCUMENT) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return source == null || sha256 == null ? Optional.empty() : Optional.of(source + '\n' + sha256);
    }
}
