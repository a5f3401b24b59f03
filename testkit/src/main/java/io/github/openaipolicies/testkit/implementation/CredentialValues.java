package io.github.openaipolicies.testkit.implementation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits credential header lines into values the way the service sees them: each header line is a value, and a
 * comma inside a line joins two values ({@code Bearer a, Bearer b} or {@code k, k}).
 */
public final class CredentialValues {
    private CredentialValues() {
    }

    /**
     * The values carried by the lines of one header.
     *
     * @param headerLines the header's lines, in order (empty when absent)
     * @return the trimmed, non-blank values
     */
    public static List<String> split(List<String> headerLines) {
        List<String> values = new ArrayList<>();
        for (String line : headerLines) {
            for (String part : line.split(",", -1)) {
                String value = part.trim();
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /**
     * The number of values carried by the lines of one header.
     *
     * @param headerLines the header's lines (empty when absent)
     * @return the number of non-blank comma-separated values over all lines
     */
    public static int count(List<String> headerLines) {
        return split(headerLines).size();
    }
}
