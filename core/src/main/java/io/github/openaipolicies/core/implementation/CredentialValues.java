// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The credential values a header carries, counted the way the service counts them.
 *
 * <p>Every header line is one value, unless it is the same credential repeated with commas, which counts as several:
 * </p>
 * <ol>
 *   <li>The line is split on commas that are outside double quotes (a backslash inside quotes escapes the next
 *   character). With a single part the line is one value.</li>
 *   <li>For {@code Authorization}: the line counts as several values when every part, trimmed, is a complete
 *   credential {@code <scheme> <token68>} (an RFC 9110 token, spaces, then a token68: letters, digits,
 *   {@code - . _ ~ + /}, optionally followed by {@code =} padding) and every scheme equals the first one, ignoring
 *   case. So {@code "Bearer a, Bearer a"} and {@code "Bearer a,Bearer b"} are two values, while
 *   {@code "Digest realm=\"x\", nonce=\"y\""}, {@code "Digest username=u, realm=r"} (auth-params, {@code name=value},
 *   are never a token68), {@code "Bearer a"} and {@code "Bearer a,"} are one.</li>
 *   <li>For any other header: the line counts as several values when every part, trimmed, is non-empty and all parts
 *   are equal. So {@code "k, k"} is two values and {@code "k1, k2"} (ambiguous: it may be one opaque value) is one.</li>
 * </ol>
 * <p>Values are returned trimmed. Shared by {@code DedupeAuthPolicy} (what to collapse or reject) and
 * {@code RequestLoggingPolicy} (how many values to report), so both count alike.</p>
 */
public final class CredentialValues {
    /** {@code authorization}, the bearer (or other scheme) credential header. */
    public static final String AUTHORIZATION = "authorization";
    /** {@code api-key}, the Azure OpenAI key header. */
    public static final String API_KEY = "api-key";
    /** {@code ocp-apim-subscription-key}, the API Management key header. */
    public static final String SUBSCRIPTION_KEY = "ocp-apim-subscription-key";

    private static final Pattern CREDENTIAL = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+) +[A-Za-z0-9._~+/-]+=*");

    private CredentialValues() {
    }

    /**
     * The values a header carries.
     *
     * @param name the header name (any case), which decides the splitting rule
     * @param headers the headers, read one entry per header line ({@link HeaderLookup#values})
     * @return the trimmed values, empty when the header is absent
     */
    public static List<String> of(String name, HeaderLookup headers) {
        return ofLines(name, headers.values(name));
    }

    /**
     * The values a header carries, from its lines as the adapter's headers hold them.
     *
     * @param name the header name (any case), which decides the splitting rule
     * @param lines the header's lines, one entry per header line; empty when the header is absent
     * @return the trimmed values, empty when there is no line
     */
    public static List<String> ofLines(String name, List<String> lines) {
        List<String> values = new ArrayList<>();
        // Indexed: every attempt counts its credential headers, and an absent one should cost no iterator.
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            values.addAll(split(name, line == null ? "" : line));
        }
        return values;
    }

    /**
     * How many values a header of the given headers carries.
     *
     * @param headers the headers
     * @param name the header name (any case)
     * @return the number of values, 0 when absent
     */
    public static int count(HeaderLookup headers, String name) {
        return of(name, headers).size();
    }

    /**
     * The values one header line carries, by the rule described on the class.
     *
     * @param name the header name (any case)
     * @param line one header line
     * @return one or more trimmed values
     */
    public static List<String> split(String name, String line) {
        List<String> parts = splitOutsideQuotes(line);
        if (parts.size() > 1 && isRepeatedCredential(name, parts)) {
            return parts;
        }
        return List.of(line.trim());
    }

    private static boolean isRepeatedCredential(String name, List<String> parts) {
        if (AUTHORIZATION.equalsIgnoreCase(name)) {
            String firstScheme = null;
            for (String part : parts) {
                var matcher = CREDENTIAL.matcher(part);
                if (!matcher.matches()) {
                    return false;
                }
                String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
                if (firstScheme == null) {
                    firstScheme = scheme;
                } else if (!firstScheme.equals(scheme)) {
                    return false;
                }
            }
            return true;
        }
        String first = parts.get(0);
        return !first.isEmpty() && parts.stream().allMatch(first::equals);
    }

    /**
     * Splits on commas outside double quotes and trims each part; always at least one part. A part is the text
     * between two such commas as it is (quotes and escapes kept), so a line without one is its own only part, not a
     * copy: every attempt splits its credential header.
     */
    static List<String> splitOutsideQuotes(String line) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (quoted && c == '\\') {
                escaped = true;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                parts.add(line.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(line.substring(start).trim());
        return parts;
    }
}
