// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusReaderTest {
    @TempDir
    Path dir;

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsWantedExtensionsInPathOrderSkippingBlankFiles() throws IOException {
        write("b.md", "bee");
        write("a/A.java", "class A {}");
        write("a/notes.txt", "not read");
        write("target/gen.md", "generated");
        write(".docs/guide.md", "in a dot-folder");
        write("blank.md", "  \n");

        // outside this project, target/ and dot-folders are a corpus's own folders like any other
        assertThat(new CorpusReader(Set.of("md", "JAVA")).read(dir)).containsExactly(
            new SourceDocument(".docs/guide.md", "in a dot-folder"), new SourceDocument("a/A.java", "class A {}"),
            new SourceDocument("b.md", "bee"), new SourceDocument("target/gen.md", "generated"));
    }

    @Test
    void insideThisProjectSkipsTargetNodeModulesAndDotFolders() throws IOException {
        write("pom.xml", "<project><modules><module>policies</module></modules></project>");
        write("b.md", "bee");
        write("target/gen.md", "generated");
        write("web/node_modules/x.md", "dependency");
        write(".git/HEAD.md", "hidden");
        write("sub/target/x.md", "nested target");

        assertThat(new CorpusReader(Set.of("md")).read(dir)).containsExactly(new SourceDocument("b.md", "bee"));
    }

    @Test
    void readsASingleFileWhateverItsExtension() throws IOException {
        write("notes.txt", "hello");

        assertThat(new CorpusReader(Set.of("md")).read(dir.resolve("notes.txt")))
            .containsExactly(new SourceDocument("notes.txt", "hello"));
    }

    @Test
    void rejectsAMissingPath() {
        assertThatThrownBy(() -> new CorpusReader(Set.of("md")).read(dir.resolve("nope")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    @Test
    void findsTheProjectRootByItsPomDeclaringThePoliciesModule() throws IOException {
        write("pom.xml", "<project><modules><module>policies</module></modules></project>");
        write("samples/pom.xml", "<project><artifactId>samples</artifactId></project>");
        Files.createDirectories(dir.resolve("samples/src"));

        assertThat(CorpusReader.findProjectRoot(dir.resolve("samples/src"))).contains(dir.toAbsolutePath());
        assertThat(CorpusReader.findProjectRoot(dir.getRoot())).isEmpty();
    }
}
