// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the corpus: one file, or every file with a chosen extension under a folder (skipping {@code target/} and
 * hidden folders such as {@code .git/}), in path order. Text is decoded as UTF-8, replacing malformed bytes.
 */
public final class CorpusReader {
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "node_modules");

    private final Set<String> extensions;

    /**
     * Creates a reader.
     *
     * @param extensions the file extensions to read from a folder, without the dot (e.g. {@code md}, {@code java});
     *     a single file given directly is read whatever its extension
     */
    public CorpusReader(Set<String> extensions) {
        this.extensions = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Reads a file or a folder.
     *
     * @param path a file or a folder
     * @return its documents, sources relative to the folder (or the file's name), blank files left out
     * @throws UncheckedIOException when a file cannot be read
     * @throws IllegalArgumentException when the path does not exist
     */
    public List<SourceDocument> read(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("corpus path does not exist: " + path);
        }
        List<SourceDocument> documents = new ArrayList<>();
        if (Files.isRegularFile(path)) {
            add(documents, path.getFileName().toString(), path);
            return documents;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.filter(Files::isRegularFile)
                .filter(file -> !inSkippedFolder(path, file))
                .filter(this::hasWantedExtension)
                .sorted()
                .forEach(file -> add(documents, path.relativize(file).toString().replace('\\', '/'), file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
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

    private static boolean inSkippedFolder(Path root, Path file) {
        Path relative = root.relativize(file.getParent() == null ? file : file.getParent());
        for (Path part : relative) {
            String name = part.toString();
            if (SKIPPED_FOLDERS.contains(name) || name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private boolean hasWantedExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static void add(List<SourceDocument> documents, String source, Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                documents.add(new SourceDocument(source, text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
