// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file the corpus walk found, not read yet.
 *
 * @param path where it is
 * @param source its name in the output: relative to the corpus folder with {@code /} separators (or the file's name)
 * @param size its size in bytes when listed
 */
public record CorpusFile(Path path, String source, long size) {
    /**
     * Checks the components.
     *
     * @param path where it is
     * @param source its name in the output
     * @param size its size in bytes
     */
    public CorpusFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
    }
}
