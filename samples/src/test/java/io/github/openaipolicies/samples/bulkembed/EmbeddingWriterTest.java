// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingWriterTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) throws IOException {
        try (JsonReader reader = JsonProviders.createReader(line)) {
            return (Map<String, Object>) reader.readUntyped();
        }
    }

    @Test
    void writesOneParsableLinePerChunkWithSourceIndexHashAndVector() throws IOException {
        Path file = dir.resolve("nested/out.jsonl");
        Chunk quoted = new Chunk("docs/\"odd\" name.md", 3, "line one\nline \"two\"\twith ünïcode");
        Chunk plain = new Chunk("b.java", 0, "class B {}");

        try (EmbeddingWriter writer = EmbeddingWriter.open(file)) {
            assertThat(writer.write(List.of(quoted, plain), List.of(List.of(0.5f, -1.25f), List.of(1f, 2f)))).isTrue();
            assertThat(writer.lines()).isEqualTo(2);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        Map<String, Object> first = parse(lines.get(0));
        assertThat(first).containsEntry("source", quoted.source()).containsEntry("chunkIndex", 3)
            .containsEntry("sha256", quoted.sha256()).containsEntry("tokens", quoted.tokens());
        assertThat((List<?>) first.get("vector")).extracting(v -> ((Number) v).floatValue())
            .containsExactly(0.5f, -1.25f);
        assertThat(parse(lines.get(1))).containsEntry("source", "b.java").containsEntry("chunkIndex", 0);
    }

    @Test
    void eachBatchIsOnDiskOnceWrittenAndNothingIsWrittenAfterClose() throws IOException {
        Path file = dir.resolve("out.jsonl");
        EmbeddingWriter writer = EmbeddingWriter.open(file);
        writer.write(List.of(new Chunk("a", 0, "a")), List.of(List.of(1f)));

        assertThat(Files.readAllLines(file)).hasSize(1);

        writer.close();
        assertThat(writer.write(List.of(new Chunk("a", 1, "b")), List.of(List.of(1f)))).isFalse();
        writer.close();
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void truncatesAnExistingFileAtTheFirstWriteNotBefore() throws IOException {
        Path file = dir.resolve("out.jsonl");
        Files.writeString(file, "old\nold\n");

        EmbeddingWriter unused = EmbeddingWriter.open(file, EmbeddingWriter.Mode.OVERWRITE);
        unused.close();
        assertThat(Files.readString(file)).as("a run that wrote nothing leaves the file").isEqualTo("old\nold\n");

        try (EmbeddingWriter writer = EmbeddingWriter.open(file, EmbeddingWriter.Mode.OVERWRITE)) {
            writer.write(List.of(new Chunk("a", 0, "a")), List.of(List.of(1f)));
        }
        assertThat(Files.readAllLines(file)).singleElement().asString().startsWith("{\"source\":\"a\"");
    }

    @Test
    void aFileThatCannotBeWrittenIsAnOutputFailure() {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
        EmbeddingWriter writer = EmbeddingWriter.open(full, EmbeddingWriter.Mode.OVERWRITE);

        assertThatThrownBy(() -> writer.write(List.of(new Chunk("a", 0, "a")), List.of(List.of(1f))))
            .isInstanceOf(OutputFailure.class).hasMessageStartingWith("cannot write output /dev/full: ");
        writer.close();
        assertThat(writer.write(List.of(new Chunk("a", 1, "b")), List.of(List.of(1f)))).isFalse();
    }

    @Test
    void rejectsVectorsThatDoNotMatchTheChunks() {
        try (EmbeddingWriter writer = EmbeddingWriter.open(dir.resolve("out.jsonl"))) {
            assertThatThrownBy(() -> writer.write(List.of(new Chunk("a", 0, "a")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
