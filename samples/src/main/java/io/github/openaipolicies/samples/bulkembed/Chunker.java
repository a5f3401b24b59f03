// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a document into chunks by paragraph, each within a token limit (estimated by {@link TokenEstimate}).
 *
 * <p>Paragraphs are separated by blank lines. Consecutive paragraphs are packed into one chunk, joined by a blank
 * line, while the chunk stays within the limit. A paragraph longer than the limit is cut into pieces at the last line
 * break (else the last space) that fits, or hard at the limit when there is none in the second half.</p>
 */
public final class Chunker {
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t]*\\n\\s*");
    private static final String JOINER = "\n\n";

    private final int maxChars;

    /**
     * Creates a chunker.
     *
     * @param maxTokens the most estimated tokens in one chunk, at least 1
     * @throws IllegalArgumentException when {@code maxTokens} is less than 1
     */
    public Chunker(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1: " + maxTokens);
        }
        this.maxChars = TokenEstimate.maxChars(maxTokens);
    }

    /**
     * Splits a document.
     *
     * @param document the document
     * @return its chunks in order, indexed from 0; empty when the document has no text
     */
    public List<Chunk> chunk(SourceDocument document) {
        String text = document.text().replace("\r\n", "\n").replace('\r', '\n');
        List<String> texts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String paragraph : PARAGRAPH_BREAK.split(text)) {
            for (String piece : pieces(paragraph.strip())) {
                if (current.length() > 0 && current.length() + JOINER.length() + piece.length() > maxChars) {
                    texts.add(current.toString());
                    current.setLength(0);
                }
                if (current.length() > 0) {
                    current.append(JOINER);
                }
                current.append(piece);
            }
        }
        if (current.length() > 0) {
            texts.add(current.toString());
        }
        List<Chunk> chunks = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            chunks.add(new Chunk(document.source(), i, texts.get(i)));
        }
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

    private List<String> pieces(String paragraph) {
        List<String> pieces = new ArrayList<>();
        String rest = paragraph;
        while (rest.length() > maxChars) {
            int cut = cutPoint(rest);
            String piece = rest.substring(0, cut).strip();
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            pieces.add(rest);
        }
        return pieces;
    }

    private int cutPoint(String text) {
        int floor = maxChars / 2;
        int newline = text.lastIndexOf('\n', maxChars);
        if (newline >= floor && newline > 0) {
            return newline;
        }
        int space = text.lastIndexOf(' ', maxChars);
        if (space >= floor && space > 0) {
            return space;
        }
        return maxChars;
    }
}
