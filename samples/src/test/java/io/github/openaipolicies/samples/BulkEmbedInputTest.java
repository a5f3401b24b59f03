// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import io.github.openaipolicies.samples.bulkembed.Chunk;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.github.openaipolicies.samples.BulkEmbedTest.readJsonLines;
import static org.assertj.core.api.Assertions.assertThat;

/** How BulkEmbed reads a corpus that is not all clean UTF-8 in plain folders. */
class BulkEmbedInputTest {
    @TempDir
    Path dir;

    private final Console console = new Console();

    private int run(String... args) {
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.start()) {
            return BulkEmbed.run(args, console.out, console.err, Map.of(), simulator);
        }
    }

    private static byte[] bytes(byte[] prefix, String text, java.nio.charset.Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(text.getBytes(charset));
        return out.toByteArray();
    }

    @Test
    void honoursByteOrderMarksAndSkipsLatin1AndBinaryFilesCountingThem() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.write(corpus.resolve("bom.md"), bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            "Text after a UTF-8 byte order mark.", StandardCharsets.UTF_8));
        Files.write(corpus.resolve("utf16.md"), bytes(new byte[] {(byte) 0xFF, (byte) 0xFE},
            "Grüße aus einer UTF-16 Datei.", StandardCharsets.UTF_16LE));
        Files.write(corpus.resolve("latin1.md"), "Café au lait, en Latin-1.".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(corpus.resolve("binary.md"), new byte[] {'G', 'I', 'F', '8', '9', 'a', 0, 0, 1, 0, 'x'});
        Path output = dir.resolve("e.jsonl");

        int exit = run(corpus.toString(), "--output", output.toString());

        assertThat(exit).as(console.err()).isZero();
        List<Map<String, Object>> lines = readJsonLines(output);
        assertThat(lines).extracting(line -> line.get("source")).containsExactly("bom.md", "utf16.md");
        assertThat(lines).extracting(line -> line.get("sha256")).containsExactly(
            Chunk.sha256("Text after a UTF-8 byte order mark."), Chunk.sha256("Grüße aus einer UTF-16 Datei."));
        assertThat(console.out()).contains("| skipped files      | 2 (1 not valid UTF-8 (or the encoding its BOM"
            + " names), 1 binary (NUL bytes))");
    }

    @Test
    void leavesOutExcludedPathsAndSkipsASymbolicLinkLoop() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("kept.md"), "Kept.");
        Files.createDirectories(corpus.resolve("generated"));
        Files.writeString(corpus.resolve("generated/out.md"), "Generated.");
        Files.createDirectories(corpus.resolve("docs"));
        Files.writeString(corpus.resolve("docs/draft.md"), "Draft.");
        Files.writeString(corpus.resolve("docs/guide.md"), "Guide.");
        Files.createSymbolicLink(corpus.resolve("docs/up"), corpus);
        Path output = dir.resolve("e.jsonl");

        int exit = run(corpus.toString(), "--output", output.toString(), "--exclude", "generated,**/draft.md",
            "--follow-links");

        assertThat(exit).as(console.err()).isZero();
        assertThat(readJsonLines(output)).extracting(line -> line.get("source"))
            .containsExactly("docs/guide.md", "kept.md");
        assertThat(console.out()).contains("| skipped files      | 1 (1 symbolic link loop)");
    }

    @Test
    void withoutFollowLinksALinkedFolderIsSkippedAndCounted() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("linked.md"), "Linked.");
        Files.writeString(corpus.resolve("kept.md"), "Kept.");
        Files.createSymbolicLink(corpus.resolve("link"), elsewhere);
        Path output = dir.resolve("e.jsonl");

        assertThat(run(corpus.toString(), "--output", output.toString())).isZero();
        assertThat(readJsonLines(output)).extracting(line -> line.get("source")).containsExactly("kept.md");
        assertThat(console.out()).contains("| skipped files      | 1 (1 symbolic link (use --follow-links))");

        Path followed = dir.resolve("f.jsonl");
        assertThat(run(corpus.toString(), "--output", followed.toString(), "--follow-links")).isZero();
        assertThat(readJsonLines(followed)).extracting(line -> line.get("source"))
            .containsExactly("kept.md", "link/linked.md");
    }
}
