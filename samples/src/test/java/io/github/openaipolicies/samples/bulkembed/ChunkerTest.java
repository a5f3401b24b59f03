// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkerTest {
    @Test
    void tokenEstimateIsCharactersOverFourRoundedUp() {
        assertThat(TokenEstimate.of("")).isZero();
        assertThat(TokenEstimate.of("abcd")).isEqualTo(1);
        assertThat(TokenEstimate.of("abcde")).isEqualTo(2);
    }

    @Test
    void packsParagraphsIntoOneChunkWhileTheyFit() {
        List<Chunk> chunks = new Chunker(100).chunk(new SourceDocument("a.md", "First.\n\nSecond.\r\n\r\nThird."));

        assertThat(chunks).extracting(Chunk::text).containsExactly("First.\n\nSecond.\n\nThird.");
        assertThat(chunks.get(0).source()).isEqualTo("a.md");
        assertThat(chunks.get(0).index()).isZero();
    }

    @Test
    void startsANewChunkAtAParagraphBoundaryWhenTheLimitWouldBeExceeded() {
        String first = "a".repeat(30);
        String second = "b".repeat(30);
        String third = "c".repeat(10);

        // limit 16 tokens = 64 characters: first + blank line + second is 62, adding third would be 74
        String text = first + "\n\n" + second + "\n  \n\n" + third;
        List<Chunk> chunks = new Chunker(16).chunk(new SourceDocument("x", text));

        assertThat(chunks).extracting(Chunk::text).containsExactly(first + "\n\n" + second, third);
        assertThat(chunks).extracting(Chunk::index).containsExactly(0, 1);
    }

    @Test
    void splitsAParagraphLongerThanTheLimitAtWhitespace() {
        String word = "word ";
        String paragraph = word.repeat(100).strip();   // 499 characters, 125 tokens

        List<Chunk> chunks = new Chunker(20).chunk(new SourceDocument("long.md", paragraph));

        assertThat(chunks).hasSizeGreaterThan(5);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.tokens()).isLessThanOrEqualTo(20);
            assertThat(chunk.text()).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("wor d");
        });
        assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList())).isEqualTo(paragraph);
    }

    @Test
    void cutsHardWhenALongParagraphHasNoWhitespace() {
        List<Chunk> chunks = new Chunker(2, TokenCounter.CHARS_OVER_FOUR)
            .chunk(new SourceDocument("x", "abcdefghijklmnopqrst"));

        assertThat(chunks).extracting(Chunk::text).containsExactly("abcdefgh", "ijklmnop", "qrst");
    }

    @Test
    void blankDocumentHasNoChunks() {
        assertThat(new Chunker(10).chunk(new SourceDocument("x", " \n\n \n"))).isEmpty();
    }

    @Test
    void chunkHashIsSha256OfTheText() {
        assertThat(new Chunk("x", 0, "abc").sha256())
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThatThrownBy(() -> new Chunker(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxTokens");
    }
}
