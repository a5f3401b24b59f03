// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Makes a URL safe to log: query parameter values are replaced by {@code REDACTED} unless the parameter is allowed,
 * user information is replaced by {@code REDACTED}, the fragment is dropped.
 */
public final class UrlRedactor {
    /** What replaces a value that is not logged. */
    public static final String REDACTED = "REDACTED";

    private UrlRedactor() {
    }

    /**
     * Redacts a URL.
     *
     * @param url the URL
     * @param allowedQueryParams lower-case names of the parameters whose values are kept
     * @return the URL to log
     */
    public static String redact(String url, Set<String> allowedQueryParams) {
        int hash = url.indexOf('#');
        String withoutFragment = hash < 0 ? url : url.substring(0, hash);
        int question = withoutFragment.indexOf('?');
        String base = question < 0 ? withoutFragment : withoutFragment.substring(0, question);
        StringBuilder out = new StringBuilder(redactUserInfo(base));
        if (question >= 0) {
            out.append('?').append(redactQuery(withoutFragment.substring(question + 1), allowedQueryParams));
        }
        return out.toString();
    }

    private static String redactUserInfo(String base) {
        int schemeEnd = base.indexOf("://");
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int pathStart = base.indexOf('/', authorityStart);
        int authorityEnd = pathStart < 0 ? base.length() : pathStart;
        int at = base.lastIndexOf('@', authorityEnd - 1);
        if (at < authorityStart) {
            return base;
        }
        return base.substring(0, authorityStart) + REDACTED + base.substring(at);
    }

    private static String redactQuery(String query, Set<String> allowed) {
        StringJoiner out = new StringJoiner("&");
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (pair.isEmpty() || allowed.contains(name.toLowerCase(Locale.ROOT))) {
                out.add(pair);
            } else if (equals < 0) {
                out.add(REDACTED);
            } else {
                out.add(name + "=" + REDACTED);
            }
        }
        return out.toString();
    }
}
