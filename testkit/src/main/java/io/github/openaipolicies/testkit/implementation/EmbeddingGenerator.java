package io.github.openaipolicies.testkit.implementation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Deterministic embeddings: a unit vector drawn from a random generator seeded with the SHA-256 of the input text,
 * so the same input always gives the same vector and different inputs give (almost surely) different ones.
 */
public final class EmbeddingGenerator {
    private EmbeddingGenerator() {
    }

    /**
     * The embedding of a text.
     *
     * @param text the input
     * @param dimensions the vector length, positive
     * @return a unit-length vector
     */
    public static float[] embed(String text, int dimensions) {
        if (dimensions <= 0) {
            throw new IllegalArgumentException("dimensions must be positive, was " + dimensions);
        }
        SplittableRandom random = new SplittableRandom(seed(text));
        double[] raw = new double[dimensions];
        double sumOfSquares = 0;
        for (int i = 0; i < dimensions; i++) {
            raw[i] = random.nextDouble(-1.0, 1.0);
            sumOfSquares += raw[i] * raw[i];
        }
        double norm = Math.sqrt(sumOfSquares);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (norm == 0 ? (i == 0 ? 1 : 0) : raw[i] / norm);
        }
        return vector;
    }

    /**
     * A vector in the {@code encoding_format: base64} form: little-endian IEEE 754 floats, Base64 with padding.
     *
     * @param vector the vector
     * @return the Base64 text
     */
    public static String toBase64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            buffer.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
