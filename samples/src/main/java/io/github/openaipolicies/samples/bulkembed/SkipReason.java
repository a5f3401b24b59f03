// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

/**
 * Why a file or folder of the corpus was left out (with a warning in the log, and a count in the summary).
 */
public enum SkipReason {
    /** Not valid text in its encoding: UTF-8 unless a byte order mark says otherwise (e.g. a Latin-1 file). */
    INVALID_ENCODING("not valid UTF-8 (or the encoding its BOM names)"),
    /** Contains NUL characters: a binary file, or UTF-16 without a byte order mark. */
    BINARY("binary (NUL bytes)"),
    /** Could not be read or listed. */
    UNREADABLE("unreadable"),
    /** A symbolic link leading back to a folder above it (with {@code --follow-links}). */
    LINK_LOOP("symbolic link loop"),
    /** A symbolic link, left out without {@code --follow-links}. */
    LINK_NOT_FOLLOWED("symbolic link (use --follow-links)");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    /**
     * Words for people, as the summary shows them.
     *
     * @return a short phrase
     */
    public String description() {
        return description;
    }
}
