package io.github.openaipolicies.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The testkit page's examples (docs/testkit.md) are {@link ReadmeExampleTest} and {@link OpenAIJavaExampleTest},
 * word for word, so they always compile and pass; README.md names the testkit's coordinates.
 */
class ReadmeTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final String EXAMPLE_START = "@ExtendWith(AzureOpenAISimulatorExtension.class)";

    @Test
    void theTestkitPageShowsTheExampleTestVerbatim() throws IOException {
        assertThat(read(MODULE.resolve("../docs/testkit.md"))).contains(javaBlock("ReadmeExampleTest"));
    }

    @Test
    void theTestkitPageShowsTheOpenAIJavaExampleTestVerbatim() throws IOException {
        assertThat(read(MODULE.resolve("../docs/testkit.md"))).contains(javaBlock("OpenAIJavaExampleTest"));
    }

    @Test
    void readmeNamesTheTestkitCoordinates() throws IOException {
        assertThat(read(MODULE.resolve("../README.md")))
            .contains("<groupId>io.github.openaipolicies</groupId>")
            .contains("<artifactId>openai-pipeline-testkit</artifactId>")
            .contains("<version>0.1.0-SNAPSHOT</version>")
            .contains("<scope>test</scope>");
    }

    /** The test class from its {@value #EXAMPLE_START} line on, as a fenced Java block. */
    private static String javaBlock(String testClass) throws IOException {
        String source = read(MODULE.resolve("src/test/java/io/github/openaipolicies/testkit/" + testClass + ".java"));
        int start = source.indexOf(EXAMPLE_START);
        assertThat(start).as("%s starts its example with %s", testClass, EXAMPLE_START).isNotNegative();
        return "```java\n" + source.substring(start).strip() + "\n```";
    }

    private static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
