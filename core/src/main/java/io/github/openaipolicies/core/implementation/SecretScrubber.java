// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the values of never-logged headers (credentials, {@code Proxy-Authorization}, cookies, and any header a
 * user asked to redact) from free text (logged bodies, exception messages), in case a server or a library echoes
 * them.
 *
 * <p>Collected secrets, from the headers it is told about: every value of a {@code Cookie} / {@code Set-Cookie}
 * header and each cookie value in it of 6 characters or more (the cookie attributes of {@code Set-Cookie}
 * excluded); every value of any other header, also split into comma-joined credentials as {@link CredentialValues}
 * does, and for each the part after the scheme ({@code Bearer <token>} gives the token). Each occurrence is replaced
 * by {@code REDACTED}, longest secret first.</p>
 */
public final class SecretScrubber {
    /** Shorter cookie values are flags ({@code 1}, {@code true}), not secrets; replacing them would garble text. */
    private static final int MIN_COOKIE_VALUE_LENGTH = 6;
    private static final String COOKIE = "cookie";
    private static final String SET_COOKIE = "set-cookie";

    private final Set<String> secrets = new LinkedHashSet<>();

    /** Creates a scrubber that knows no secret yet. */
    public SecretScrubber() {
    }

    /**
     * Learns the values of the given headers.
     *
     * @param headers request or response headers, read one entry per header line
     * @param secretHeaders names of the headers whose values are secret (any case)
     * @return this scrubber
     */
    public SecretScrubber learn(HeaderLookup headers, Collection<String> secretHeaders) {
        for (String name : secretHeaders) {
            boolean setCookie = SET_COOKIE.equalsIgnoreCase(name);
            boolean cookie = setCookie || COOKIE.equalsIgnoreCase(name);
            List<String> lines = headers.values(name);
            // Indexed: most secret headers are absent, and an absent one should cost no iterator.
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (cookie) {
                    addCookies(line, setCookie);
                } else {
                    addCredential(line);
                    CredentialValues.split(name, line == null ? "" : line).forEach(this::addCredential);
                }
            }
        }
        return this;
    }

    /**
     * Replaces every known secret in a text.
     *
     * @param text the text, may be null
     * @return the text without secrets, null for null
     */
    public String scrub(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            result = result.replace(secret, UrlRedactor.REDACTED);
        }
        return result;
    }

    private void addCredential(String value) {
        if (value == null) {
            return;
        }
        add(value);
        String trimmed = value.trim();
        int space = trimmed.indexOf(' ');
        if (space > 0) {
            add(trimmed.substring(space + 1));
        }
    }

    private void addCookies(String value, boolean firstPairOnly) {
        if (value == null) {
            return;
        }
        add(value);
        for (String pair : value.split(";")) {
            int equals = pair.indexOf('=');
            String cookieValue = (equals < 0 ? pair : pair.substring(equals + 1)).trim();
            if (cookieValue.length() >= MIN_COOKIE_VALUE_LENGTH) {
                add(cookieValue);
            }
            if (firstPairOnly) {
                return;
            }
        }
    }

    private void add(String secret) {
        String trimmed = secret.trim();
        if (!trimmed.isEmpty()) {
            secrets.add(trimmed);
        }
    }
}
