// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * BulkEmbed's log file: {@code --log}, else {@code bulk-embed.log} beside the output. It is appended to, each run
 * starting with a header line, and it receives slf4j-simple's output (every HTTP attempt, every skipped file, every
 * failed batch) so that the log does not break the progress bar.
 */
final class RunLog {
    /** System property naming the log file in use, for the run to print. */
    static final String PATH_PROPERTY = "bulkembed.logFile";

    private RunLog() {
    }

    /**
     * The log file a command line asks for: {@code --log FILE}, else {@code bulk-embed.log} beside {@code --output}
     * or the default output.
     *
     * @param args the command line
     * @return the path
     */
    static Path pathFor(String[] args) {
        Optional<String> log = value(args, "--log");
        if (log.isPresent()) {
            return Path.of(log.get());
        }
        Path output = value(args, "--output").map(Path::of).orElseGet(BulkEmbedOptions::defaultOutput);
        return output.toAbsolutePath().normalize().resolveSibling("bulk-embed.log");
    }

    /**
     * Opens a log file for appending and writes the run's header.
     *
     * @param path the log file; its folder is created
     * @param args the command line, for the header
     * @return the stream, flushing on every line
     * @throws IOException when the file cannot be opened
     */
    static PrintStream open(Path path, String[] args) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        PrintStream log = new PrintStream(new FileOutputStream(path.toFile(), true), true, StandardCharsets.UTF_8);
        log.println("==== bulk-embed run started " + Instant.now() + " (pid " + ProcessHandle.current().pid()
            + ") args: " + String.join(" ", args) + " ====");
        return log;
    }

    private static Optional<String> value(String[] args, String option) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith(option + "=")) {
                return Optional.of(args[i].substring(option.length() + 1));
            }
        }
        return Optional.empty();
    }
}
