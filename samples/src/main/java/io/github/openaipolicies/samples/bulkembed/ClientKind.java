// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The SDK BulkEmbed sends its calls with ({@code --client}). */
public enum ClientKind {
    /** azure-ai-openai's {@code OpenAIAsyncClient} with {@code OpenAIPipelines.install} (the default). */
    AZURE_AI_OPENAI("azure-ai-openai"),
    /** openai-java's {@code OpenAIClientAsync} with {@code OpenAIJavaPolicies.wrap}, on {@code /openai/v1}. */
    OPENAI_JAVA("openai-java");

    private final String label;

    ClientKind(String label) {
        this.label = label;
    }

    /**
     * The name on the command line.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** Reads {@code --client} by label. */
    public static final class Converter implements ITypeConverter<ClientKind> {
        @Override
        public ClientKind convert(String value) {
            return Arrays.stream(values()).filter(kind -> kind.label.equals(value)).findFirst()
                .orElseThrow(() -> new TypeConversionException("'" + value + "' is not one of "
                    + Arrays.stream(values()).map(ClientKind::label).collect(Collectors.joining(", "))));
        }
    }
}
