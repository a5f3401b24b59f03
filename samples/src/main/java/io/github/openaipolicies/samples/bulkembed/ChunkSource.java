// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The corpus's chunks, read and split lazily, one file at a time: each file is first read once to check that it is
 * text (see {@link TextFiles#check}), then read again as it is chunked. Only the file being chunked is open, and only
 * the chunker's buffers are held.
 *
 * <p>Reports progress (bytes read, chunks made) to {@link RunStats}, and every skipped file to the skip listener.
 * Not thread-safe: one consumer pulls it.</p>
 */
public final class ChunkSource implements Iterator<Chunk>, AutoCloseable {
    private final Iterator<CorpusFile> files;
    private final Chunker chunker;
    private final RunStats stats;
    private final BiConsumer<String, SkipReason> skipped;
    private Iterator<Chunk> current = Collections.emptyIterator();
    private CorpusFile currentFile;
    private Reader reader;

    /**
     * Prepares to read the files.
     *
     * @param files the files, in order
     * @param chunker how to split them
     * @param stats where progress goes
     * @param skipped told the source and reason of every file left out
     */
    public ChunkSource(List<CorpusFile> files, Chunker chunker, RunStats stats,
                       BiConsumer<String, SkipReason> skipped) {
        this.files = files.iterator();
        this.chunker = chunker;
        this.stats = stats;
        this.skipped = skipped;
    }

    @Override
    public boolean hasNext() {
        while (true) {
            try {
                if (current.hasNext()) {
                    return true;
                }
            } catch (UncheckedIOException e) {
                // the file changed or vanished since its check
                skipped.accept(currentFile.source(), SkipReason.UNREADABLE);
            }
            closeReader();
            if (!files.hasNext()) {
                stats.readingFinished();
                return false;
            }
            openNext(files.next());
        }
    }

    @Override
    public Chunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        stats.chunkMade();
        return current.next();
    }

    private void openNext(CorpusFile file) {
        currentFile = file;
        current = Collections.emptyIterator();
        try {
            Optional<SkipReason> problem = TextFiles.check(Files.newInputStream(file.path()));
            if (problem.isPresent()) {
                skipped.accept(file.source(), problem.get());
                stats.bytesRead(file.size());
                return;
            }
            reader = TextFiles.open(new CountingStream(Files.newInputStream(file.path()), stats));
            current = chunker.chunks(file.source(), reader);
        } catch (IOException e) {
            skipped.accept(file.source(), SkipReason.UNREADABLE);
            stats.bytesRead(file.size());
        }
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // read to the end already; nothing to lose
            }
            reader = null;
        }
    }

    /** Closes the file being read, when the run ends before the corpus does. */
    @Override
    public void close() {
        closeReader();
    }

    /** Counts the bytes read into the run's progress. */
    private static final class CountingStream extends FilterInputStream {
        private final RunStats stats;

        CountingStream(InputStream in, RunStats stats) {
            super(in);
            this.stats = stats;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                stats.bytesRead(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                stats.bytesRead(read);
            }
            return read;
        }
    }
}
