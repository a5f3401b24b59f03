// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small corpus of distinct paragraphs, written to a folder. */
final class TestCorpus {
    private TestCorpus() {
    }

    /**
     * Writes {@code files} Markdown files of {@code paragraphs} paragraphs each (about 120 characters apiece, all
     * different), plus a file the reader must skip.
     */
    static Path write(Path dir, int files, int paragraphs) throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (int f = 0; f < files; f++) {
            StringBuilder text = new StringBuilder("# Document " + f + "\n\n");
            for (int p = 0; p < paragraphs; p++) {
                text.append("Paragraph ").append(p).append(" of document ").append(f)
                    .append(": throttled imports retry after the delay the service asks for, with one credential")
                    .append(" per attempt.\n\n");
            }
            Files.writeString(corpus.resolve("doc-" + f + ".md"), text);
        }
        Files.writeString(corpus.resolve("ignored.bin"), "not a wanted extension");
        return corpus;
    }
}
