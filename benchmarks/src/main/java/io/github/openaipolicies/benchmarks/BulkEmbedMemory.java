package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.implementation.SimulatorTls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark: BulkEmbed's memory on a generated corpus (1 GiB by default). Writes the corpus, starts a simulator
 * without a quota in this JVM, then runs BulkEmbed in a separate JVM with a heap limit ({@code -Xmx256m} by default)
 * pointed at it as a real endpoint ({@code AZURE_OPENAI_ENDPOINT}, trusting the simulator's certificate), and reports
 * the exit status, the lines written, the time, and BulkEmbed's heap: the most in use right after a garbage collection
 * and the sum of the heap pools' peaks (garbage included). A run that needed more heap than the limit ends with
 * {@code OutOfMemoryError} and a non-zero status.
 *
 * <p>The simulator runs here, not embedded in BulkEmbed's JVM, because its journal keeps every request body: its heap
 * grows with the corpus by design, and would hide BulkEmbed's own bound.</p>
 *
 * <p>Run: {@code mvn -pl benchmarks -am -q package -DskipTests && mvn -pl benchmarks exec:exec@bulk-embed-memory
 * -Dmemory.args="--size 1g --heap 256m"}. Options: {@code --size N[k|m|g]} (corpus bytes, default 1g),
 * {@code --heap N[m|g]} (default 256m), {@code --dir DIR} (where to write the corpus and output; default a temporary
 * folder, deleted afterwards), {@code --seed N} (default 1).</p>
 */
public final class BulkEmbedMemory {
    private static final List<String> BULK_EMBED_OPTIONS = List.of("--chunk-tokens", "2000", "--batch-size", "64", "--batch-tokens", "128000", "--dimensions", "8",
        "--concurrency", "8", "--progress-interval", "10s", "--extensions", "md");

    /** The time between two readings of the child's live heap, unless told otherwise. */
    static final Duration DEFAULT_LIVE_SAMPLE_PERIOD = Duration.ofMillis(500);

    private BulkEmbedMemory() {
    }

    /**
     * What one measured run found.
     *
     * @param corpusBytes the corpus's size
     * @param files its files
     * @param exit BulkEmbed's exit status
     * @param lines the lines in its output
     * @param elapsed the child JVM's wall time
     * @param maxLiveAfterGc the most heap in use right after a collection
     * @param heapPeakBound the sum of the heap pools' peaks
     * @param maxHeap the heap limit the child ran with
     * @param maxLiveSampled the most heap in use right after a full collection forced while BulkEmbed ran: what it
     *     held at most, as far as the readings saw
     * @param liveSamples how many such readings were taken
     */
    public record Result(long corpusBytes, int files, int exit, long lines, Duration elapsed, long maxLiveAfterGc,
                         long heapPeakBound, long maxHeap, long maxLiveSampled, int liveSamples) {
        /**
         * The result as a small table.
         *
         * @return lines ending with a line break
         */
        public String table() {
            return String.format(Locale.ROOT, "corpus              %,d bytes in %d files%n"
                    + "BulkEmbed exit      %d, %,d lines written in %.1f s%n"
                    + "heap limit          %d MiB (-Xmx)%n"
                    + "heap after GC, max  %d MiB%n"
                    + "live heap, max      %d MiB (%d readings after a full GC)%n"
                    + "heap peak (bound)   %d MiB%n", corpusBytes, files, exit, lines, elapsed.toMillis() / 1000.0,
                mib(maxHeap), mib(maxLiveAfterGc), mib(maxLiveSampled), liveSamples, mib(heapPeakBound));
        }

        private static long mib(long bytes) {
            return (bytes + (1 << 20) - 1) >> 20;
        }
    }

    /**
     * Parses the options, runs the benchmark and prints the table.
     *
     * @param args the options in the class documentation
     * @throws IOException when the corpus cannot be written
     */
    public static void main(String[] args) throws IOException {
        long size = 1L << 30;
        String heap = "256m";
        Path dir = null;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--size" -> size = bytes(args[i + 1]);
                case "--heap" -> heap = args[i + 1];
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory("bulk-embed-memory") : Files.createDirectories(dir);
        try {
            Result result = run(work, size, heap, seed, System.out);
            System.out.print(result.table());
            System.exit(result.exit());
        } finally {
            if (temporary) {
                delete(work);
            }
        }
    }

    /**
     * Writes the corpus under {@code work} and runs BulkEmbed on it in a child JVM.
     *
     * @param work an empty folder for the corpus and the output
     * @param size the corpus size in bytes, about
     * @param heap the child's {@code -Xmx} value, e.g. {@code 256m}
     * @param seed the corpus generator's seed
     * @param progress where the child's output is echoed
     * @return what the run found
     * @throws IOException when the corpus cannot be written or the child cannot be started
     */
    public static Result run(Path work, long size, String heap, long seed, PrintStream progress) throws IOException {
        return run(work, size, heap, seed, progress, DEFAULT_LIVE_SAMPLE_PERIOD);
    }

    /**
     * Writes the corpus under {@code work} and runs BulkEmbed on it in a child JVM, reading its live heap every
     * {@code liveSamplePeriod}.
     *
     * @param work an empty folder for the corpus and the output
     * @param size the corpus size in bytes, about
     * @param heap the child's {@code -Xmx} value, e.g. {@code 256m}
     * @param seed the corpus generator's seed
     * @param progress where the child's output is echoed
     * @param liveSamplePeriod the time between two readings of the child's live heap (each after a full collection)
     * @return what the run found
     * @throws IOException when the corpus cannot be written or the child cannot be started
     */
    public static Result run(Path work, long size, String heap, long seed, PrintStream progress,
        Duration liveSamplePeriod) throws IOException {
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        progress.printf(Locale.ROOT, "writing a %,d-byte corpus (seed %d) to %s%n", size, seed, corpus);
        int files = MemoryCorpus.write(corpus, size, seed);
        long corpusBytes;
        try (Stream<Path> paths = Files.list(corpus)) {
            corpusBytes = paths.mapToLong(path -> path.toFile().length()).sum();
        }
        Path output = work.resolve("embeddings.jsonl");
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder().embeddingDimensions(8).start()) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx" + heap, "-Djavax.net.ssl.trustStore=" + SimulatorTls.keystorePath(),
                "-Djavax.net.ssl.trustStorePassword=" + SimulatorTls.keystorePassword(),
                "-Djavax.net.ssl.trustStoreType=" + SimulatorTls.keystoreType(),
                "-D" + BulkEmbedMemoryChild.SAMPLE_MILLIS + "=" + liveSamplePeriod.toMillis(),
                "-cp", System.getProperty("java.class.path"), BulkEmbedMemoryChild.class.getName(),
                corpus.toString(), "--output", output.toString(), "--log", work.resolve("bulk-embed.log").toString()));
            command.addAll(BULK_EMBED_OPTIONS);
            ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(work.resolve("child-stderr.log").toFile());
            builder.environment().put("AZURE_OPENAI_ENDPOINT", simulator.endpoint());
            builder.environment().put("AZURE_OPENAI_API_KEY", AzureOpenAISimulator.DEFAULT_API_KEY);
            builder.environment().remove("AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT");
            return runChild(builder, output, corpusBytes, files, progress);
        }
    }

    private static Result runChild(ProcessBuilder builder, Path output, long corpusBytes, int files,
                                   PrintStream progress) throws IOException {
        long start = System.nanoTime();
        Process child = builder.start();
        long[] heapFigures = new long[5];
        int exit = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                progress.println("  | " + line);
                exit = line.startsWith(BulkEmbedMemoryChild.EXIT) ? Integer.parseInt(value(line)) : exit;
                heapFigures[0] = line.startsWith(BulkEmbedMemoryChild.LIVE) ? Long.parseLong(value(line))
                    : heapFigures[0];
                heapFigures[1] = line.startsWith(BulkEmbedMemoryChild.PEAK) ? Long.parseLong(value(line))
                    : heapFigures[1];
                heapFigures[2] = line.startsWith(BulkEmbedMemoryChild.MAX) ? Long.parseLong(value(line))
                    : heapFigures[2];
                heapFigures[3] = line.startsWith(BulkEmbedMemoryChild.SAMPLED) ? Long.parseLong(value(line))
                    : heapFigures[3];
                heapFigures[4] = line.startsWith(BulkEmbedMemoryChild.SAMPLES) ? Long.parseLong(value(line))
                    : heapFigures[4];
            }
        }
        int status;
        try {
            status = child.waitFor();
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long written = 0;
        if (Files.exists(output)) {
            try (Stream<String> outputLines = Files.lines(output)) {
                written = outputLines.count();
            }
        }
        return new Result(corpusBytes, files, exit == -1 ? status : exit, written, elapsed, heapFigures[0],
            heapFigures[1], heapFigures[2], heapFigures[3], (int) heapFigures[4]);
    }

    private static String value(String line) {
        return line.substring(line.indexOf('=') + 1).strip();
    }

    static long bytes(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        long unit = switch (value.charAt(value.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
