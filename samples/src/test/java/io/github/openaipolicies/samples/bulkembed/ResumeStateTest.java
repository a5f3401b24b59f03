// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResumeStateTest {
    @TempDir
    Path dir;

    private static String line(Chunk chunk) {
        return EmbeddingWriter.line(chunk, List.of(0.5f, 0.25f)) + "\n";
    }

    @Test
    void cutsOffATornLastLineAndKnowsEveryCompleteOne() throws IOException {
        Chunk a = new Chunk("a.md", 0, "alpha");
        Chunk b = new Chunk("a.md", 1, "beta");
        Chunk c = new Chunk("b.md", 0, "gamma");
        String complete = line(a) + line(b);
        Path output = dir.resolve("out.jsonl");
        Files.writeString(output, complete + line(c).substring(0, 40));

        ResumeState state = ResumeState.load(output);

        assertThat(state.lines()).isEqualTo(2);
        assertThat(state.tornBytes()).isEqualTo(40);
        assertThat(Files.readString(output)).isEqualTo(complete);
        assertThat(state.take(b)).isTrue();
        assertThat(state.take(a)).isTrue();
        assertThat(state.take(c)).as("the torn chunk is sent again").isFalse();
        assertThat(state.take(a)).as("one line accounts for one chunk").isFalse();
    }

    @Test
    void aCompleteLastLineWithoutItsLineBreakIsRewrittenToo() throws IOException {
        Chunk a = new Chunk("a.md", 0, "alpha");
        Path output = dir.resolve("out.jsonl");
        Files.writeString(output, line(a) + line(a).strip());

        ResumeState state = ResumeState.load(output);

        assertThat(state.lines()).isEqualTo(1);
        assertThat(Files.readString(output)).isEqualTo(line(a));
    }

    @Test
    void theSameTextTwiceInOneFileNeedsTwoLines() throws IOException {
        Chunk first = new Chunk("a.md", 0, "same");
        Chunk second = new Chunk("a.md", 3, "same");
        Path output = dir.resolve("out.jsonl");
        Files.writeString(output, line(first));

        ResumeState state = ResumeState.load(output);
        RunStats stats = new RunStats(System::nanoTime);

        assertThat(state.remaining(List.of(first, second).iterator(), stats)).toIterable().containsExactly(second);
        assertThat(stats.snapshot().chunksAlreadyDone()).isEqualTo(1);
    }

    @Test
    void aMissingOutputHasNothingDone() throws IOException {
        assertThat(ResumeState.load(dir.resolve("none.jsonl")).lines()).isZero();
    }
}
