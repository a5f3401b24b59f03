// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpRequest;

import java.net.URL;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The default quota key of a request: scheme, host, port and the {@code /openai/deployments/{name}} path segment for
 * Azure OpenAI; scheme, host, port and path (no query) for any other URL, such as the {@code /v1} shape. Pure.
 */
public final class QuotaKeys {
    private static final String DEPLOYMENTS = "/openai/deployments/";
    /** Keys seen lately, by a hash of the host and the length of the path part; a slot holds the latest. */
    private static final AtomicReferenceArray<String> RECENT = new AtomicReferenceArray<>(16);

    private QuotaKeys() {
    }

    /**
     * The default quota key of a request.
     *
     * @param request the request
     * @return the key
     */
    public static String of(HttpRequest request) {
        return of(request.getUrl());
    }

    /**
     * The default quota key of a URL. Keys seen lately are remembered, so that a URL whose key is already known
     * (checked character by character) costs no new string.
     *
     * @param url the URL
     * @return the key
     */
    public static String of(URL url) {
        String host = url.getHost();
        String path = url.getPath();
        int segmentStart = path.indexOf(DEPLOYMENTS);
        int segmentEnd = path.length();
        if (segmentStart >= 0) {
            int nameEnd = path.indexOf('/', segmentStart + DEPLOYMENTS.length());
            segmentEnd = nameEnd < 0 ? path.length() : nameEnd;
        } else {
            segmentStart = 0;
        }
        int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
        int slot = (host.hashCode() * 31 + segmentEnd - segmentStart) & (RECENT.length() - 1);
        String recent = RECENT.get(slot);
        if (recent != null && describes(recent, url.getProtocol(), host, port, path, segmentStart, segmentEnd)) {
            return recent;
        }
        String key = url.getProtocol().toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT) + ":" + port
            + path.substring(segmentStart, segmentEnd);
        RECENT.set(slot, key);
        return key;
    }

    /** Whether {@code key} is the key these parts would build; false, to be safe, for any non-ASCII scheme or host. */
    private static boolean describes(String key, String scheme, String host, int port, String path, int segmentStart,
        int segmentEnd) {
        int at = lowerCaseMatch(key, 0, scheme);
        if (at < 0 || !key.startsWith("://", at)) {
            return false;
        }
        at = lowerCaseMatch(key, at + 3, host);
        if (at < 0 || at >= key.length() || key.charAt(at) != ':') {
            return false;
        }
        int portEnd = key.length() - (segmentEnd - segmentStart);
        int digits = portEnd - at - 1;
        if (digits < 1 || digits > 5) {
            return false;
        }
        int value = 0;
        for (int i = at + 1; i < portEnd; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9' || i == at + 1 && c == '0' && digits > 1) {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value == port && key.regionMatches(portEnd, path, segmentStart, segmentEnd - segmentStart);
    }

    /** Where the lower-cased {@code part} ends in {@code key} when it is there from {@code at}, else -1. */
    private static int lowerCaseMatch(String key, int at, String part) {
        if (key.length() - at < part.length()) {
            return -1;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c >= 0x80) {
                return -1;
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (key.charAt(at + i) != lower) {
                return -1;
            }
        }
        return at + part.length();
    }
}
