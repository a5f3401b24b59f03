// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Removes the values of credential and cookie headers from free text (logged bodies, exception messages), in case
 * a server or a library echoes them.
 *
 * <p>Collected secrets: every value of every credential header, also split into comma-joined credentials as
 * {@link CredentialValues} does, and for each the part after the scheme ({@code Bearer <token>} gives the token); every
 * {@code Cookie} / {@code Set-Cookie} value and each cookie value in it of 6 characters or more (the cookie attributes of
 * {@code Set-Cookie} excluded). Each occurrence is replaced by
 * {@code REDACTED}, longest secret first.</p>
 */
public final class SecretScrubber {
    /** Shorter cookie values are flags ({@code 1}, {@code true}), not secrets; replacing them would garble text. */
    private static final int MIN_COOKIE_VALUE_LENGTH = 6;

    private final Set<String> secrets = new LinkedHashSet<>();

    /** Creates a scrubber that knows no secret yet. */
    public SecretScrubber() {
    }

    /**
     * Learns the values of the given credential headers and of the cookie headers.
     *
     * @param headers request or response headers
     * @param credentialHeaders names of the credential headers
     * @return this scrubber
     */
    public SecretScrubber learn(HttpHeaders headers, Collection<HttpHeaderName> credentialHeaders) {
        for (HttpHeaderName name : credentialHeaders) {
            HttpHeader header = headers.get(name);
            if (header == null) {
                continue;
            }
            for (String line : header.getValuesList()) {
                addCredential(line);
                CredentialValues.split(name, line == null ? "" : line).forEach(this::addCredential);
            }
        }
        HttpHeader cookie = headers.get(HttpHeaderName.COOKIE);
        if (cookie != null) {
            cookie.getValuesList().forEach(value -> addCookies(value, false));
        }
        HttpHeader setCookie = headers.get(HttpHeaderName.SET_COOKIE);
        if (setCookie != null) {
            setCookie.getValuesList().forEach(value -> addCookies(value, true));
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
