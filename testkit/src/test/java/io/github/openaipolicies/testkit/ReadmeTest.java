package io.github.openaipolicies.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The testkit page's example (docs/testkit.md) is {@link ReadmeExampleTest}, word for word, so it always compiles and
 * passes; README.md names the testkit's coordinates.
 */
class ReadmeTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final String EXAMPLE_START = "@ExtendWith(AzureOpenAISimulatorExtension.class)";

    @Test
    void theTestkitPageShowsTheExampleTestVerbatim() throws IOException {
        String source = read(MODULE.resolve("src/test/java/io/github/openaipolicies/testkit/ReadmeExampleTest.java"));
        int start = source.indexOf(EXAMPLE_START);
        assertThat(start).as("ReadmeExampleTest starts its example with %s", EXAMPLE_START).isNotNegative();
        String example = source.substring(start).strip();

        assertThat(read(MODULE.resolve("../docs/testkit.md"))).contains("```java\n" + example + "\n```");
    }

    @Test
    void readmeNamesTheTestkitCoordinates() throws IOException {
        assertThat(read(MODULE.resolve("../README.md")))
            .contains("<groupId>io.github.openaipolicies</groupId>")
            .contains("<artifactId>openai-pipeline-testkit</artifactId>")
            .contains("<version>0.1.0-SNAPSHOT</version>")
            .contains("<scope>test</scope>");
    }

    private static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
