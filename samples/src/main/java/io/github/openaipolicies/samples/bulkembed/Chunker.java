// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Splits a document into chunks by paragraph, each within a token limit, reading it as a stream.
 *
 * <p>Paragraphs are separated by blank lines. Consecutive paragraphs are packed into one chunk, joined by a blank
 * line, while the chunk stays within {@code 4 * maxTokens} characters. A paragraph longer than that is cut into pieces
 * at the last line break (else the last space) that fits, or hard at the limit when there is none in the second half;
 * a hard cut never splits a surrogate pair. A chunk whose counted tokens still exceed the limit (text in scripts
 * where a character is a token or more) is halved at a break until every piece fits.</p>
 *
 * <p>Linear time and bounded memory whatever the paragraph's length: the chunker holds at most one chunk and one
 * limit's worth of the paragraph being read. {@link #charsCopied()} counts the characters it copies, so that tests can
 * check that bound.</p>
 */
public final class Chunker {
    private static final String JOINER = "\n\n";
    private static final int READ_BLOCK = 8192;

    private final int maxTokens;
    private final int maxChars;
    private final TokenCounter counter;
    private long charsCopied;

    /**
     * Creates a chunker that counts tokens with {@link TokenCounter#CL100K}.
     *
     * @param maxTokens the most tokens in one chunk, at least 1
     * @throws IllegalArgumentException when {@code maxTokens} is less than 1
     */
    public Chunker(int maxTokens) {
        this(maxTokens, TokenCounter.CL100K);
    }

    /**
     * Creates a chunker.
     *
     * @param maxTokens the most tokens in one chunk, at least 1
     * @param counter how to count tokens
     * @throws IllegalArgumentException when {@code maxTokens} is less than 1
     */
    public Chunker(int maxTokens, TokenCounter counter) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1: " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.maxChars = TokenEstimate.maxChars(maxTokens);
        this.counter = counter;
    }

    /**
     * Splits a document held in memory.
     *
     * @param document the document
     * @return its chunks in order, indexed from 0; empty when the document has no text
     */
    public List<Chunk> chunk(SourceDocument document) {
        List<Chunk> chunks = new ArrayList<>();
        chunks(document.source(), new StringReader(document.text())).forEachRemaining(chunks::add);
        return chunks;
    }

    /**
     * Splits many documents, in order.
     *
     * @param documents the documents
     * @return all their chunks
     */
    public List<Chunk> chunkAll(List<SourceDocument> documents) {
        List<Chunk> chunks = new ArrayList<>();
        documents.forEach(document -> chunks.addAll(chunk(document)));
        return chunks;
    }

    /**
     * Splits a document as it is read: each call to the iterator reads only as much as the next chunk needs. The
     * iterator does not close the reader.
     *
     * @param source the document's name, given to every chunk
     * @param reader its text
     * @return its chunks in order, indexed from 0; {@code next} throws {@link UncheckedIOException} when reading fails
     */
    public Iterator<Chunk> chunks(String source, Reader reader) {
        return new Splitter(source, reader);
    }

    /**
     * The characters this chunker has copied so far, over all documents: into its buffers, out of them into chunk
     * texts, and within them when a cut moves the rest of a paragraph forward.
     *
     * @return the count
     */
    public long charsCopied() {
        return charsCopied;
    }

    /** The state of one document being split. Not thread-safe. */
    private final class Splitter implements Iterator<Chunk> {
        private final String source;
        private final Reader reader;
        private final char[] block = new char[READ_BLOCK];
        private final StringBuilder paragraph = new StringBuilder();
        private final StringBuilder blankLine = new StringBuilder();
        private final StringBuilder chunk = new StringBuilder();
        private final Deque<Chunk> ready = new ArrayDeque<>();
        private boolean afterNewline;
        private boolean afterCarriageReturn;
        private boolean ended;
        private int index;

        Splitter(String source, Reader reader) {
            this.source = source;
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !ended) {
                readBlock();
            }
            return !ready.isEmpty();
        }

        @Override
        public Chunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.removeFirst();
        }

        private void readBlock() {
            int read;
            try {
                read = reader.read(block);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
            }
            if (read < 0) {
                endParagraph();
                flushChunk();
                ended = true;
                return;
            }
            for (int i = 0; i < read; i++) {
                accept(block[i]);
            }
        }

        private void accept(char c) {
            boolean carriageReturn = c == '\r';
            if (c == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
                return; // the \n of a \r\n
            }
            afterCarriageReturn = carriageReturn;
            char ch = carriageReturn ? '\n' : c;
            if (afterNewline) {
                if ((ch == ' ' || ch == '\t') && blankLine.length() <= maxChars) {
                    blankLine.append(ch);
                    return;
                }
                afterNewline = false;
                if (ch == '\n') {
                    blankLine.setLength(0);
                    endParagraph();
                    return;
                }
                append('\n');
                for (int i = 0; i < blankLine.length(); i++) {
                    append(blankLine.charAt(i));
                }
                blankLine.setLength(0);
            }
            if (ch == '\n') {
                afterNewline = paragraph.length() > 0;
                return;
            }
            append(ch);
            // wait for the end of a run of whitespace, which the cut strips, unless the run is itself too long
            if (paragraph.length() > maxChars && (!Character.isWhitespace(ch) || paragraph.length() > 2 * maxChars)) {
                cutPiece();
            }
        }

        private void append(char c) {
            if (paragraph.length() == 0 && Character.isWhitespace(c)) {
                return;
            }
            paragraph.append(c);
            charsCopied++;
        }

        /** Cuts one piece off the front of a paragraph longer than the limit; the rest moves forward. */
        private void cutPiece() {
            int cut = cutPoint(paragraph);
            addPiece(paragraph.substring(0, cut).strip());
            charsCopied += cut;
            int rest = cut;
            while (rest < paragraph.length() && Character.isWhitespace(paragraph.charAt(rest))) {
                rest++;
            }
            charsCopied += paragraph.length() - rest;
            paragraph.delete(0, rest);
        }

        private void endParagraph() {
            afterNewline = false;
            int end = paragraph.length();
            while (end > 0 && Character.isWhitespace(paragraph.charAt(end - 1))) {
                end--;
            }
            paragraph.setLength(end);
            while (paragraph.length() > maxChars) {
                cutPiece();
            }
            if (paragraph.length() > 0) {
                addPiece(paragraph.toString());
                charsCopied += paragraph.length();
                paragraph.setLength(0);
            }
        }

        private void addPiece(String piece) {
            if (piece.isEmpty()) {
                return;
            }
            if (chunk.length() > 0 && chunk.length() + JOINER.length() + piece.length() > maxChars) {
                flushChunk();
            }
            if (chunk.length() > 0) {
                chunk.append(JOINER);
            }
            chunk.append(piece);
            charsCopied += piece.length();
        }

        private void flushChunk() {
            if (chunk.length() > 0) {
                charsCopied += chunk.length();
                fit(chunk.toString());
                chunk.setLength(0);
            }
        }

        /** Emits a text as one chunk when its tokens fit, else halves it at a break, recursively. */
        private void fit(String text) {
            int tokens = counter.count(text);
            if (tokens <= maxTokens || text.codePointCount(0, text.length()) < 2) {
                ready.addLast(new Chunk(source, index++, text, tokens));
                return;
            }
            int cut = halfPoint(text);
            charsCopied += text.length();
            String left = text.substring(0, cut).strip();
            String right = text.substring(cut).strip();
            if (!left.isEmpty()) {
                fit(left);
            }
            if (!right.isEmpty()) {
                fit(right);
            }
        }
    }

    /** Where to cut a text longer than the limit: the last line break, else space, in the limit's second half. */
    private int cutPoint(CharSequence text) {
        int floor = maxChars / 2;
        int newline = lastIndexOf(text, '\n', maxChars);
        if (newline >= floor && newline > 0) {
            return newline;
        }
        int space = lastIndexOf(text, ' ', maxChars);
        if (space >= floor && space > 0) {
            return space;
        }
        return surrogateSafe(text, maxChars);
    }

    private static int halfPoint(String text) {
        int middle = text.length() / 2;
        int quarter = text.length() / 4;
        int newline = text.lastIndexOf('\n', middle);
        if (newline > quarter) {
            return newline;
        }
        int space = text.lastIndexOf(' ', middle);
        if (space > quarter) {
            return space;
        }
        return surrogateSafe(text, middle);
    }

    /** Moves a hard cut back by one when it would leave a high surrogate at the end of the first part. */
    private static int surrogateSafe(CharSequence text, int cut) {
        if (cut > 1 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            return cut - 1;
        }
        if (cut == 1 && Character.isHighSurrogate(text.charAt(0))) {
            return 2;
        }
        return cut;
    }

    private static int lastIndexOf(CharSequence text, char c, int from) {
        for (int i = Math.min(from, text.length() - 1); i >= 0; i--) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
