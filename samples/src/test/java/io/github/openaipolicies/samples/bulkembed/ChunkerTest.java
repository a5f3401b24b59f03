// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.util.Iterator;
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

    /** A reader of {@code size} characters of words and single line breaks: one paragraph, never held whole. */
    private static Reader oneParagraph(long size) {
        String words = "throttled imports retry after the delay\nthe service asks for ";
        return new Reader() {
            private long left = size;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = words.charAt((int) ((size - left + i) % words.length()));
                }
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void chunksA32MegabyteParagraphCopyingEachCharacterAFewTimesOnly() {
        int size = 32 * 1024 * 1024;
        Chunker chunker = new Chunker(256, TokenCounter.CHARS_OVER_FOUR);

        long chunks = 0;
        long characters = 0;
        for (Iterator<Chunk> it = chunker.chunks("big.md", oneParagraph(size)); it.hasNext(); ) {
            Chunk chunk = it.next();
            assertThat(chunk.text().length()).isLessThanOrEqualTo(1024);
            chunks++;
            characters += chunk.text().length();
        }

        assertThat(chunks).isGreaterThan(size / 1024);
        assertThat(characters).isGreaterThan(size * 9L / 10);
        // linear: a quadratic chunker (copying the rest of the paragraph at every cut) copies about size^2 / 2048
        assertThat(chunker.charsCopied()).isLessThanOrEqualTo(6L * size);
    }

    @Test
    void aHardCutNeverSplitsASurrogatePair() {
        String text = "a" + "\uD83D\uDE00".repeat(200); // an odd prefix puts a high surrogate at every cut
        List<Chunk> chunks = new Chunker(5, TokenCounter.CHARS_OVER_FOUR).chunk(new SourceDocument("e.md", text));

        assertThat(chunks).hasSizeGreaterThan(10).allSatisfy(chunk -> {
            assertThat(Character.isHighSurrogate(chunk.text().charAt(chunk.text().length() - 1))).isFalse();
            assertThat(Character.isLowSurrogate(chunk.text().charAt(0))).isFalse();
        });
        assertThat(String.join("", chunks.stream().map(Chunk::text).toList())).isEqualTo(text);
    }

    @Test
    void textWhereACharacterIsATokenIsSplitUntilItsCountedTokensFit() {
        String chinese = "速率限制时导入会按服务要求的延迟重试每次尝试只带一个凭据".repeat(20); // 600 characters
        List<Chunk> chunks = new Chunker(100).chunk(new SourceDocument("zh.md", chinese));

        assertThat(TokenEstimate.of(chinese)).as("characters / 4 would call it one chunk").isLessThanOrEqualTo(150);
        assertThat(TokenCounter.CL100K.count(chinese)).isGreaterThan(400);
        assertThat(chunks).hasSizeGreaterThan(4).allSatisfy(chunk -> {
            assertThat(chunk.tokens()).isEqualTo(TokenCounter.CL100K.count(chunk.text())).isLessThanOrEqualTo(100);
        });
        assertThat(String.join("", chunks.stream().map(Chunk::text).toList())).isEqualTo(chinese);
    }
}
