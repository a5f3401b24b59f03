// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Lists the files of a corpus, in path order, without reading them: one file, or every file with a chosen extension
 * under a folder.
 *
 * <p>Left out: paths matching an {@code --exclude} glob (matched against the path relative to the corpus and against
 * the file or folder name); with the project defaults, folders named {@code target} or {@code node_modules} and
 * folders whose name starts with a dot. Symbolic links are followed only when asked, with loop detection. A folder or
 * file that cannot be listed, a link loop and a link not followed are reported to the skip listener, never fatal.</p>
 */
public final class CorpusWalker {
    /** The folders left out of this project's own sources. */
    public static final Set<String> PROJECT_EXCLUDES = Set.of("target", "node_modules");

    private final Set<String> extensions;
    private final List<PathMatcher> excludes;
    private final boolean projectExcludes;
    private final boolean followLinks;
    private final BiConsumer<String, SkipReason> skipped;

    /**
     * Creates a walker.
     *
     * @param extensions the file extensions to read from a folder, without the dot; a single file given directly is
     *     read whatever its extension
     * @param excludeGlobs glob patterns of files and folders to leave out
     * @param projectExcludes whether to leave out {@code target}, {@code node_modules} and dot-folders
     * @param followLinks whether to follow symbolic links
     * @param skipped told the source (relative path) and reason of everything skipped
     * @throws IllegalArgumentException when a glob is malformed
     */
    public CorpusWalker(Set<String> extensions, List<String> excludeGlobs, boolean projectExcludes,
                        boolean followLinks, BiConsumer<String, SkipReason> skipped) {
        this.extensions = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
        this.excludes = excludeGlobs.stream().map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
            .toList();
        this.projectExcludes = projectExcludes;
        this.followLinks = followLinks;
        this.skipped = skipped;
    }

    /**
     * Lists a file or a folder.
     *
     * @param root a file or a folder
     * @return its files in source order
     * @throws IllegalArgumentException when the path does not exist
     * @throws IOException when the root itself cannot be listed
     */
    public List<CorpusFile> list(Path root) throws IOException {
        if (!Files.exists(root)) {
            throw new IllegalArgumentException("corpus path does not exist: " + root);
        }
        if (!Files.isDirectory(root)) {
            return List.of(new CorpusFile(root, root.getFileName().toString(), Files.size(root)));
        }
        List<CorpusFile> files = new ArrayList<>();
        Set<FileVisitOption> options = followLinks ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
            : EnumSet.noneOf(FileVisitOption.class);
        Files.walkFileTree(root, options, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(root) || !excludedFolder(root.relativize(dir)) ? FileVisitResult.CONTINUE
                    : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path relative = root.relativize(file);
                if (excluded(relative)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    // not followed, or (with --follow-links) a link whose target is missing
                    if (Files.isDirectory(file) || wanted(file)) {
                        skipped.accept(source(relative), followLinks ? SkipReason.UNREADABLE
                            : SkipReason.LINK_NOT_FOLLOWED);
                    }
                } else if (attrs.isRegularFile() && wanted(file)) {
                    files.add(new CorpusFile(file, source(relative), attrs.size()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException error) {
                Path relative = root.relativize(file);
                if (!excluded(relative)) {
                    skipped.accept(source(relative), error instanceof FileSystemLoopException ? SkipReason.LINK_LOOP
                        : SkipReason.UNREADABLE);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException error) {
                if (error != null) {
                    skipped.accept(source(root.relativize(dir)), SkipReason.UNREADABLE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(CorpusFile::source));
        return files;
    }

    private boolean excludedFolder(Path relative) {
        String name = relative.getFileName().toString();
        return excluded(relative) || projectExcludes && (PROJECT_EXCLUDES.contains(name) || name.startsWith("."));
    }

    private boolean excluded(Path relative) {
        Path name = relative.getFileName();
        for (PathMatcher matcher : excludes) {
            if (matcher.matches(relative) || name != null && matcher.matches(name)) {
                return true;
            }
        }
        return false;
    }

    private boolean wanted(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String source(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
