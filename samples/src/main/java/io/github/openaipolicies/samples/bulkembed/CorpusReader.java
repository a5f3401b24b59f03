// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a whole corpus into memory (for small corpora and tests; BulkEmbed streams it with {@link ChunkSource}): the
 * files {@link CorpusWalker} lists, decoded by {@link TextFiles}, in path order. Files that are not valid text are
 * left out; so are {@code target/}, {@code node_modules/} and dot-folders when the corpus is inside this project.
 */
public final class CorpusReader {
    private final Set<String> extensions;

    /**
     * Creates a reader.
     *
     * @param extensions the file extensions to read from a folder, without the dot (e.g. {@code md}, {@code java});
     *     a single file given directly is read whatever its extension
     */
    public CorpusReader(Set<String> extensions) {
        this.extensions = Set.copyOf(extensions);
    }

    /**
     * Reads a file or a folder.
     *
     * @param path a file or a folder
     * @return its documents, sources relative to the folder (or the file's name), blank and non-text files left out
     * @throws UncheckedIOException when the folder cannot be listed
     * @throws IllegalArgumentException when the path does not exist
     */
    public List<SourceDocument> read(Path path) {
        List<SourceDocument> documents = new ArrayList<>();
        try {
            CorpusWalker walker = new CorpusWalker(extensions, List.of(), findProjectRoot(path).isPresent(), false,
                (source, reason) -> { });
            for (CorpusFile file : walker.list(path)) {
                if (TextFiles.check(Files.newInputStream(file.path())).isEmpty()) {
                    String text;
                    try (Reader reader = TextFiles.open(Files.newInputStream(file.path()))) {
                        StringWriter all = new StringWriter();
                        reader.transferTo(all);
                        text = all.toString();
                    }
                    if (!text.isBlank()) {
                        documents.add(new SourceDocument(file.source(), text));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return documents;
    }

    /**
     * Finds the project's root: the nearest folder, from {@code start} upwards, whose {@code pom.xml} declares the
     * {@code policies} module.
     *
     * @param start where to start looking, usually the working directory
     * @return the project root, or empty when {@code start} is not inside the project
     */
    public static Optional<Path> findProjectRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>policies</module>")) {
                    return Optional.of(dir);
                }
            } catch (IOException e) {
                // an unreadable pom.xml is not the one we are looking for; keep walking up
            }
        }
        return Optional.empty();
    }
}
