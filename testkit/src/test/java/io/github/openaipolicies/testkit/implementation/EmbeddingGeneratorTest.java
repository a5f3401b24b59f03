package io.github.openaipolicies.testkit.implementation;

import com.azure.ai.openai.implementation.EmbeddingsUtils;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EmbeddingGeneratorTest {

    @Test
    void sameInputGivesTheSameVector() {
        assertThat(EmbeddingGenerator.embed("hello", 64)).containsExactly(EmbeddingGenerator.embed("hello", 64));
    }

    @Test
    void differentInputsGiveDifferentVectors() {
        assertThat(EmbeddingGenerator.embed("hello", 64)).isNotEqualTo(EmbeddingGenerator.embed("hello!", 64));
    }

    @Test
    void vectorsHaveTheRequestedLengthAndUnitNorm() {
        float[] vector = EmbeddingGenerator.embed("some text", 256);
        double sumOfSquares = 0;
        for (float value : vector) {
            sumOfSquares += value * value;
        }
        assertThat(vector).hasSize(256);
        assertThat(Math.sqrt(sumOfSquares)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void base64IsWhatAzureAiOpenAiDecodesBackToTheSameFloats() {
        float[] vector = EmbeddingGenerator.embed("base64", 16);
        List<Float> decoded = EmbeddingsUtils.convertBase64ToFloatList(EmbeddingGenerator.toBase64(vector));
        assertThat(decoded).hasSize(16);
        for (int i = 0; i < vector.length; i++) {
            assertThat(decoded.get(i)).isEqualTo(vector[i]);
        }
    }
}
