package io.github.openaipolicies.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a generated text corpus of a given size for {@link BulkEmbedMemory}: Markdown files of 4 MiB of paragraphs
 * (seeded random words, blank lines between paragraphs), plus one file that is a single paragraph without blank lines
 * (an eighth of the corpus, at most 64 MiB), the shape that made the old chunker quadratic.
 */
final class MemoryCorpus {
    private static final long FILE_SIZE = 4L * 1024 * 1024;
    private static final long MAX_PARAGRAPH_FILE = 64L * 1024 * 1024;
    private static final String[] WORDS = ("throttled embedding import retry delay quota window token request batch"
        + " vector chunk corpus paragraph service deployment credential policy pipeline attempt header budget"
        + " latency backoff jitter region endpoint model dimension simulator journal").split(" ");

    private MemoryCorpus() {
    }

    /**
     * Writes the corpus.
     *
     * @param dir an empty folder
     * @param bytes the corpus size, about
     * @param seed the word generator's seed
     * @return the number of files written
     * @throws IOException when writing fails
     */
    static int write(Path dir, long bytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long paragraphFile = Math.min(MAX_PARAGRAPH_FILE, bytes / 8);
        writeFile(dir.resolve("one-paragraph.md"), paragraphFile, random, false);
        int files = 1;
        for (long left = bytes - paragraphFile; left > 0; left -= FILE_SIZE) {
            writeFile(dir.resolve(String.format("doc-%05d.md", files)), Math.min(FILE_SIZE, left), random, true);
            files++;
        }
        return files;
    }

    private static void writeFile(Path file, long size, SplittableRandom random, boolean paragraphs)
        throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long written = 0;
            int inParagraph = 0;
            int paragraphLength = 40 + random.nextInt(120);
            while (written < size) {
                String word = WORDS[random.nextInt(WORDS.length)];
                out.write(word);
                written += word.length();
                if (paragraphs && ++inParagraph == paragraphLength) {
                    out.write(".\n\n");
                    written += 3;
                    inParagraph = 0;
                    paragraphLength = 40 + random.nextInt(120);
                } else {
                    out.write(' ');
                    written++;
                }
            }
        }
    }
}
